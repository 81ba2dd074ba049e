import type { EventEmitter } from "node:events";
import type { DescMethod } from "@bufbuild/protobuf";
import {
  Metadata,
  status,
  type ServerDuplexStream,
  type ServerReadableStream,
  type ServerUnaryCall,
  type ServerWritableStream,
  type ServiceError,
} from "@grpc/grpc-js";
import { principalOf } from "./auth.js";
import type { HandlerContext } from "./handler-context.js";
import type { Logger } from "./logger.js";
import { encodeStatusDetails, RpcError, statusDetailsKey } from "./rpc-error.js";
import { methodPath } from "./service-definition.js";

type AnyCall =
  | ServerUnaryCall<unknown, unknown>
  | ServerReadableStream<unknown, unknown>
  | ServerWritableStream<unknown, unknown>
  | ServerDuplexStream<unknown, unknown>;

/** What every handler adapter shares with the server. */
export interface HandlerEnvironment {
  logger: Logger;
  /** Aborts when the server force-closes; every call's signal follows it. */
  serverSignal: AbortSignal;
  /** Server streams gather the messages ready together into one HTTP/2 write (`ServerOptions.coalesceWrites`). */
  coalesceWrites: boolean;
}

/** The message INTERNAL errors carry to clients; the cause stays in the server log. */
export const internalErrorMessage = "internal error";

// The scope's own operations, under symbols so that they stay off the handler's view of the context.
export const sendHeaders = Symbol("sendHeaders");
export const trailers = Symbol("trailers");
export const close = Symbol("close");

/**
 * A call's {@link HandlerContext}, which is also the bridge's scope of the call.
 *
 * One object per call with its methods on the prototype: closures per call, an AbortController, and an
 * EventTarget listener on the server signal are a large share of a small unary call's cost. So the signal,
 * its listeners and its deadline timer are made when a handler (or a stream adapter) first reads
 * `signal`, and the peer and the response metadata when first read; most unary handlers read none. What
 * happened before then is not lost: grpc-js sets `cancelled` before it emits 'cancelled', and the server
 * signal and the deadline are checked when the signal is made.
 */
export class CallContext implements HandlerContext {
  readonly deadline: Date | undefined;
  readonly requestMetadata: Metadata;
  #controller: AbortController | undefined;
  #timer: NodeJS.Timeout | undefined;
  #onCancelled: (() => void) | undefined;
  #onServerAbort: (() => void) | undefined;
  #closed = false;
  #peer: string | undefined;
  #headers: Metadata | undefined;
  #trailers: Metadata | undefined;
  #headersSent = false;

  readonly method: DescMethod;
  readonly #call: AnyCall;
  readonly #env: HandlerEnvironment;

  constructor(method: DescMethod, call: AnyCall, env: HandlerEnvironment) {
    this.method = method;
    this.#call = call;
    this.#env = env;
    const deadline = call.getDeadline();
    this.deadline = deadline instanceof Date ? deadline : Number.isFinite(deadline) ? new Date(deadline) : undefined;
    this.requestMetadata = call.metadata;
  }

  get signal(): AbortSignal {
    if (this.#controller !== undefined) return this.#controller.signal;
    const controller = new AbortController();
    this.#controller = controller;
    const deadline = this.deadline?.getTime();
    if (this.#call.cancelled) controller.abort(cancelledError());
    else if (this.#env.serverSignal.aborted) controller.abort(shutdownError());
    else if (deadline !== undefined && deadline <= Date.now()) controller.abort(deadlineError());
    else if (!this.#closed) {
      this.#onCancelled = () => controller.abort(cancelledError());
      this.#onServerAbort = () => controller.abort(shutdownError());
      (this.#call as EventEmitter).on("cancelled", this.#onCancelled);
      this.#env.serverSignal.addEventListener("abort", this.#onServerAbort, { once: true });
      // grpc-js answers DEADLINE_EXCEEDED itself; the timer makes the handler's signal follow it.
      if (deadline !== undefined) {
        this.#timer = setTimeout(() => controller.abort(deadlineError()), Math.max(0, deadline - Date.now()));
        this.#timer.unref();
      }
    }
    return controller.signal;
  }

  get peer(): string {
    return (this.#peer ??= this.#call.getPeer());
  }

  get principal(): string | undefined {
    return principalOf(this.#call.metadata);
  }

  get responseHeaders(): Metadata {
    return (this.#headers ??= new Metadata());
  }

  get responseTrailers(): Metadata {
    return (this.#trailers ??= new Metadata());
  }

  /** Sends the response headers the handler set, once; later calls do nothing. */
  [sendHeaders](): void {
    if (this.#headersSent) return;
    this.#headersSent = true;
    // grpc-js sends empty headers by itself with the first message or the status; only custom ones need this.
    const headers = this.#headers;
    if (headers !== undefined && Object.keys(headers.getMap()).length > 0) this.#call.sendMetadata(headers);
  }

  /** The trailers the handler set, if it touched them. */
  [trailers](): Metadata | undefined {
    return this.#trailers;
  }

  /** Releases the listeners and the timer the signal installed. */
  [close](): void {
    this.#closed = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    if (this.#onCancelled !== undefined) (this.#call as EventEmitter).removeListener("cancelled", this.#onCancelled);
    if (this.#onServerAbort !== undefined) this.#env.serverSignal.removeEventListener("abort", this.#onServerAbort);
  }
}

const cancelledError = () => new RpcError(status.CANCELLED, "call cancelled by the client");
const shutdownError = () => new RpcError(status.UNAVAILABLE, "server is shutting down");
const deadlineError = () => new RpcError(status.DEADLINE_EXCEEDED, "deadline exceeded");

/**
 * Turns whatever a handler threw into the status the client gets: an RpcError's own code, message and
 * metadata; anything else INTERNAL with a generic message, the cause logged here and never sent.
 */
export function toServiceError(error: unknown, context: HandlerContext, env: HandlerEnvironment): Partial<ServiceError> {
  const trailers = context.responseTrailers;
  if (error instanceof RpcError) {
    trailers.merge(error.metadata);
    if (error.details.length > 0) trailers.set(statusDetailsKey, encodeStatusDetails(error.code, error.message, error.details));
    return { code: error.code, details: error.message, metadata: trailers };
  }
  env.logger.error(`${methodPath(context.method)} failed with an unexpected error`, error);
  return { code: status.INTERNAL, details: internalErrorMessage, metadata: trailers };
}

/** Whether a handler's result is a promise (or any thenable) to wait for, rather than the answer itself. */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value !== null && typeof (value as PromiseLike<unknown> | undefined)?.then === "function";
}
