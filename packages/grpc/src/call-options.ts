import type { CallOptions as GrpcCallOptions, Metadata } from "@grpc/grpc-js";
import type { MetadataInit } from "./metadata.js";

/** Options every client call takes. */
export interface CallOptions {
  /** Cancels the call when it aborts; the call then rejects with CANCELLED. */
  signal?: AbortSignal;
  /** When the server should give up: the call fails with DEADLINE_EXCEEDED after it. */
  deadline?: Date | number;
  /** A deadline relative to now, in milliseconds; ignored when `deadline` is set. */
  timeoutMs?: number;
  /** Request headers. */
  metadata?: Metadata | MetadataInit;
  /** Called with the response headers when they arrive. */
  onHeader?: (headers: Metadata) => void;
  /** Called with the response trailers when the call ends, whatever its status. */
  onTrailer?: (trailers: Metadata) => void;
}

/** The grpc-js call options (deadline) for {@link CallOptions}. */
export function toGrpcCallOptions(options: CallOptions | undefined): GrpcCallOptions {
  if (options?.deadline !== undefined) return { deadline: options.deadline };
  if (options?.timeoutMs !== undefined) return { deadline: Date.now() + options.timeoutMs };
  return {};
}
