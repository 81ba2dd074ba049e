/**
 * An error caused by the user's input or environment (a bad option, a missing file, an unknown method), not by
 * a bug. {@link reportError} prints its message as `<prog>: <message>` and gives exit code 1, without a stack
 * trace; any other error is treated as a bug. The message starts lowercase and names the bad value, such as
 * `--port http: not a port number (0-65535)`.
 *
 * Every polyrpc package throws this one class, so an error thrown in one package (codegen's config loader,
 * the client's schema sources) is a user error to every CLI that catches it.
 */
export class UserError extends Error {
  override name = "UserError";
}
