import type { DescMethod } from "@bufbuild/protobuf";
import type { Metadata } from "@grpc/grpc-js";

/**
 * What a handler knows about its call, beyond the request.
 */
export interface HandlerContext {
  /** The method being called. */
  readonly method: DescMethod;
  /** The request headers the client sent. */
  readonly requestMetadata: Metadata;
  /** When the client stops waiting; undefined when the client set no deadline. */
  readonly deadline: Date | undefined;
  /**
   * Aborts when the call is over for the handler: the client cancelled or went away, the deadline
   * passed, or the server is shutting down. Pass it to anything that waits (timers, fetches, streams).
   */
  readonly signal: AbortSignal;
  /**
   * Who the server's auth check admitted the call as (`AuthResult.principal`); undefined without auth or
   * when the check named no one.
   */
  readonly principal: string | undefined;
  /** The client's address, as grpc-js reports it (for example `ipv4:127.0.0.1:54321`). */
  readonly peer: string;
  /**
   * Response headers: add to them before the first response message (or, for unary and
   * client-streaming calls, before returning); they are sent once, with the first message.
   */
  readonly responseHeaders: Metadata;
  /** Response trailers: sent with the final status, whether the call succeeds or fails. */
  readonly responseTrailers: Metadata;
}
