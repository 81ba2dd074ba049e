import { Metadata, status } from "@grpc/grpc-js";

/**
 * A gRPC status as an Error: thrown by handlers to answer with that code and message, and thrown by
 * clients when a call ends with a status other than OK.
 *
 * `message` is the status message as sent on the wire (grpc-status-details), without decoration.
 */
export class RpcError extends Error {
  override name = "RpcError";
  /** The gRPC status code. */
  readonly code: status;
  /**
   * Trailing metadata. A handler sets it to send trailers with the error; a client finds the server's
   * trailers here.
   */
  readonly metadata: Metadata;

  constructor(code: status, message: string, metadata?: Metadata, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.metadata = metadata ?? new Metadata();
  }

  /**
   * Normalises anything thrown into an RpcError, once, at the boundary: an RpcError is returned as is,
   * a grpc-js ServiceError keeps its code, details and metadata, and anything else becomes
   * `fallbackCode` (INTERNAL by default) with the thrown value as `cause`.
   */
  static from(error: unknown, fallbackCode: status = status.INTERNAL): RpcError {
    if (error instanceof RpcError) return error;
    if (isServiceError(error)) {
      return new RpcError(error.code, error.details, error.metadata, { cause: error });
    }
    const message = error instanceof Error ? error.message : String(error);
    return new RpcError(fallbackCode, message, undefined, { cause: error });
  }
}

interface ServiceErrorLike {
  code: status;
  details: string;
  metadata: Metadata;
}

function isServiceError(error: unknown): error is ServiceErrorLike {
  return (
    error instanceof Error &&
    typeof (error as Partial<ServiceErrorLike>).code === "number" &&
    typeof (error as Partial<ServiceErrorLike>).details === "string" &&
    (error as Partial<ServiceErrorLike>).metadata instanceof Metadata
  );
}
