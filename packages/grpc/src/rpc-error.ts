import { Metadata, status } from "@grpc/grpc-js";
import { create, fromBinary, toBinary, type DescMessage, type MessageShape } from "@bufbuild/protobuf";
import { anyIs, anyUnpack, type Any } from "@bufbuild/protobuf/wkt";
import { StatusSchema } from "./gen/google/rpc/status_pb.js";

/** The trailer of the gRPC richer error model: a binary google.rpc.Status with the call's code, message and details. */
export const statusDetailsKey = "grpc-status-details-bin";

/**
 * A gRPC status as an Error: thrown by handlers to answer with that code and message, and thrown by
 * clients when a call ends with a status other than OK.
 *
 * `message` is the status message as sent on the wire (grpc-status-details), without decoration.
 * `details` are the typed details of the richer error model (google.rpc.Status in the
 * `grpc-status-details-bin` trailer), each a google.protobuf.Any: pack them with `anyPack` of
 * `@bufbuild/protobuf/wkt`, read them with {@link RpcError.findDetails}.
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
  /**
   * The status details, such as a packed google.rpc.BadRequest. A server sends them in
   * `grpc-status-details-bin`; a client has those the server sent (empty when it sent none, or when the
   * trailer is not a google.rpc.Status of the call's own code).
   */
  readonly details: readonly Any[];

  constructor(code: status, message: string, metadata?: Metadata, options?: { cause?: unknown; details?: readonly Any[] }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.metadata = metadata ?? new Metadata();
    this.details = options?.details ?? detailsFromTrailers(code, this.metadata);
  }

  /**
   * The details of type `schema`, unpacked, in the order sent; empty when there are none.
   * For example `error.findDetails(BadRequestSchema)[0]?.fieldViolations`.
   */
  findDetails<Desc extends DescMessage>(schema: Desc): MessageShape<Desc>[] {
    const found: MessageShape<Desc>[] = [];
    for (const detail of this.details) {
      if (!anyIs(detail, schema)) continue;
      const message = anyUnpack(detail, schema);
      if (message !== undefined) found.push(message);
    }
    return found;
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

/** The `grpc-status-details-bin` value for a status with details: the serialized google.rpc.Status. */
export function encodeStatusDetails(code: status, message: string, details: readonly Any[]): Buffer {
  return Buffer.from(toBinary(StatusSchema, create(StatusSchema, { code, message, details: [...details] })));
}

// A trailer that does not decode, or names another code, is not this call's status (a proxy may have
// changed the code): its details are not trusted, and the raw trailer stays in `metadata`.
function detailsFromTrailers(code: status, metadata: Metadata): Any[] {
  const value = metadata.get(statusDetailsKey)[0];
  if (value === undefined) return [];
  const bytes = typeof value === "string" ? Buffer.from(value, "base64") : value;
  try {
    const decoded = fromBinary(StatusSchema, bytes);
    return decoded.code === code ? decoded.details : [];
  } catch {
    return [];
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
