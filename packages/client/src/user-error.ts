/**
 * An error caused by the user's input or environment (a bad option, malformed JSON, an unknown method),
 * not by a bug in polyrpc. The CLI prints its message as `polyrpc: <message>` and exits 1, without a
 * stack trace. Any other error is treated as a bug.
 */
export class UserError extends Error {
  override name = "UserError";
}
