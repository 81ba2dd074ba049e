import type { EventEmitter } from "node:events";
import type { DescMethod } from "@bufbuild/protobuf";
import {
  Metadata,
  status,
  type sendUnaryData,
  type ServerDuplexStream,
  type ServerReadableStream,
  type ServerUnaryCall,
  type ServerWritableStream,
  type ServiceError,
  type UntypedHandleCall,
} from "@grpc/grpc-js";
import { principalOf } from "./auth.js";
import type { HandlerContext } from "./handler-context.js";
import type { Logger } from "./logger.js";
import { readMessages } from "./read-messages.js";
import { RpcError } from "./rpc-error.js";
import { methodPath } from "./service-definition.js";
import { writeMessages } from "./write-messages.js";

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
}

/** The message INTERNAL errors carry to clients; the cause stays in the server log. */
export const internalErrorMessage = "internal error";

/**
 * Wraps a typed handler as a grpc-js handler for the method's streaming kind. The wrapper owns the call:
 * it builds the {@link HandlerContext}, converts results and errors to gRPC responses and statuses, and
 * paces streaming writes.
 */
export function createHandler(
  method: DescMethod,
  impl: (...args: never[]) => unknown,
  env: HandlerEnvironment,
): UntypedHandleCall {
  const fn = impl as (input: unknown, context: HandlerContext) => unknown;
  switch (method.methodKind) {
    case "unary":
      return (call: ServerUnaryCall<unknown, unknown>, callback: sendUnaryData<unknown>) => {
        const scope = openCall(method, call, env);
        settleUnary(scope, callback, () => fn(call.request, scope.context), env);
      };
    case "client_streaming":
      return (call: ServerReadableStream<unknown, unknown>, callback: sendUnaryData<unknown>) => {
        const scope = openCall(method, call, env);
        settleUnary(scope, callback, () => fn(readMessages(call, scope.context.signal), scope.context), env);
      };
    case "server_streaming":
      return (call: ServerWritableStream<unknown, unknown>) => {
        const scope = openCall(method, call, env);
        void pumpStream(scope, call, () => fn(call.request, scope.context) as AsyncIterable<unknown>, env);
      };
    case "bidi_streaming":
      return (call: ServerDuplexStream<unknown, unknown>) => {
        const scope = openCall(method, call, env);
        void pumpStream(scope, call, () => fn(readMessages(call, scope.context.signal), scope.context) as AsyncIterable<unknown>, env);
      };
  }
}

interface CallScope {
  context: HandlerContext;
  /** Sends the response headers the handler set, once; later calls do nothing. */
  sendHeaders(): void;
  /** The trailers the handler set, if it touched them. */
  trailers(): Metadata | undefined;
  /** Releases the listeners and timer the scope installed. */
  close(): void;
}

function openCall(method: DescMethod, call: AnyCall, env: HandlerEnvironment): CallScope {
  const deadlineValue = call.getDeadline();
  const deadline =
    deadlineValue instanceof Date ? deadlineValue : Number.isFinite(deadlineValue) ? new Date(deadlineValue) : undefined;
  // The signal, its listeners and its deadline timer are set up when a handler (or a stream adapter)
  // first reads `context.signal`, not for every call: most unary handlers never read it, and an
  // AbortController plus an EventTarget listener per call showed in the unary profile (bench/README.md).
  // What happened before then is not lost: grpc-js sets `cancelled` before it emits 'cancelled', and the
  // server signal and the deadline are checked when the signal is made.
  let controller: AbortController | undefined;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  const events: EventEmitter = call;
  const onCancelled = () => controller?.abort(new RpcError(status.CANCELLED, "call cancelled by the client"));
  const onServerAbort = () => controller?.abort(new RpcError(status.UNAVAILABLE, "server is shutting down"));
  const onDeadline = () => controller?.abort(new RpcError(status.DEADLINE_EXCEEDED, "deadline exceeded"));
  const signal = (): AbortSignal => {
    if (controller !== undefined) return controller.signal;
    controller = new AbortController();
    if (call.cancelled) onCancelled();
    else if (env.serverSignal.aborted) onServerAbort();
    else if (deadline !== undefined && deadline.getTime() <= Date.now()) onDeadline();
    else if (!closed) {
      events.on("cancelled", onCancelled);
      env.serverSignal.addEventListener("abort", onServerAbort, { once: true });
      // grpc-js answers DEADLINE_EXCEEDED itself; the timer makes the handler's signal follow it.
      if (deadline !== undefined) {
        timer = setTimeout(onDeadline, Math.max(0, deadline.getTime() - Date.now()));
        timer.unref();
      }
    }
    return controller.signal;
  };
  let peer: string | undefined;
  let responseHeaders: Metadata | undefined;
  let responseTrailers: Metadata | undefined;
  const context: HandlerContext = {
    method,
    requestMetadata: call.metadata,
    deadline,
    get signal() {
      return signal();
    },
    get peer() {
      return (peer ??= call.getPeer());
    },
    get principal() {
      return principalOf(call.metadata);
    },
    get responseHeaders() {
      return (responseHeaders ??= new Metadata());
    },
    get responseTrailers() {
      return (responseTrailers ??= new Metadata());
    },
  };
  let headersSent = false;
  return {
    context,
    sendHeaders() {
      if (headersSent) return;
      headersSent = true;
      // grpc-js sends empty headers by itself with the first message or the status; only custom ones need this.
      if (responseHeaders !== undefined && Object.keys(responseHeaders.getMap()).length > 0) call.sendMetadata(responseHeaders);
    },
    trailers() {
      return responseTrailers;
    },
    close() {
      closed = true;
      if (controller === undefined) return;
      if (timer !== undefined) clearTimeout(timer);
      events.removeListener("cancelled", onCancelled);
      env.serverSignal.removeEventListener("abort", onServerAbort);
    },
  };
}

function settleUnary(
  scope: CallScope,
  callback: sendUnaryData<unknown>,
  run: () => unknown,
  env: HandlerEnvironment,
): void {
  new Promise((resolve) => resolve(run()))
    .then(
      (response) => {
        scope.sendHeaders();
        callback(null, response, scope.trailers());
      },
      (error: unknown) => {
        // Headers the handler set before it failed still reach the client, as grpc-go and grpcio do.
        scope.sendHeaders();
        callback(toServiceError(error, scope.context, env));
      },
    )
    .finally(() => scope.close());
}

async function pumpStream(
  scope: CallScope,
  call: ServerWritableStream<unknown, unknown> | ServerDuplexStream<unknown, unknown>,
  run: () => AsyncIterable<unknown>,
  env: HandlerEnvironment,
): Promise<void> {
  const { context } = scope;
  try {
    await writeMessages(call, run(), context.signal, () => scope.sendHeaders());
    if (!context.signal.aborted) call.end(scope.trailers());
  } catch (error) {
    // Once the call is over (client gone, deadline passed), there is nobody to send a status to.
    if (!context.signal.aborted) {
      scope.sendHeaders();
      call.emit("error", toServiceError(error, context, env));
    }
  } finally {
    scope.close();
  }
}

/**
 * Turns whatever a handler threw into the status the client gets: an RpcError's own code, message and
 * metadata; anything else INTERNAL with a generic message, the cause logged here and never sent.
 */
function toServiceError(error: unknown, context: HandlerContext, env: HandlerEnvironment): Partial<ServiceError> {
  const trailers = context.responseTrailers;
  if (error instanceof RpcError) {
    trailers.merge(error.metadata);
    return { code: error.code, details: error.message, metadata: trailers };
  }
  env.logger.error(`${methodPath(context.method)} failed with an unexpected error`, error);
  return { code: status.INTERNAL, details: internalErrorMessage, metadata: trailers };
}
