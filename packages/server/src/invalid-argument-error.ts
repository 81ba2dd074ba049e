/**
 * A request value the caller got wrong, as opposed to a failure of the server.
 *
 * The gRPC layer maps this class, and only this class, to `INVALID_ARGUMENT`; every other error
 * becomes `INTERNAL`. Its messages are part of the wire contract: the Python server raises the
 * same texts and the interop suite compares them, so change them on both sides or not at all.
 */
export class InvalidArgumentError extends Error {
  /**
   * The request fields at fault, by proto field name (`start_date`), sent as the field violations of a
   * google.rpc.BadRequest detail; empty when the fault is in no one field.
   */
  readonly fields: readonly string[];

  /**
   * @param message - The exact text sent to the client as the status message.
   * @param fields - The proto field names of the values at fault.
   */
  constructor(message: string, fields: readonly string[] = []) {
    super(message);
    this.fields = fields;
    // Set explicitly so stack traces and logs name the class even after minification.
    this.name = "InvalidArgumentError";
  }
}
