/**
 * A request value the caller got wrong, as opposed to a failure of the server.
 *
 * The gRPC layer maps this class, and only this class, to `INVALID_ARGUMENT`; every other error
 * becomes `INTERNAL`. Its messages are part of the wire contract: the Python server raises the
 * same texts and the interop suite compares them, so change them on both sides or not at all.
 */
export class InvalidArgumentError extends Error {
  /** @param message - The exact text sent to the client as the status details. */
  constructor(message: string) {
    super(message);
    // Set explicitly so stack traces and logs name the class even after minification.
    this.name = "InvalidArgumentError";
  }
}
