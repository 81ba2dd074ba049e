import type { DescMethod } from "@bufbuild/protobuf";
import type { sendUnaryData, ServerDuplexStream, ServerReadableStream, ServerUnaryCall, ServerWritableStream, UntypedHandleCall } from "@grpc/grpc-js";
import { answerOf, answerEachCall } from "./answer-each.js";
import { CallContext, close, isThenable, sendHeaders, toServiceError, trailers, type HandlerEnvironment } from "./call-context.js";
import { UndecodableRequest } from "./decode-request.js";
import type { HandlerContext } from "./handler-context.js";
import { CoalescingSink } from "./coalescing-sink.js";
import { baseServerCall } from "./grpc-js-internals.js";
import { readMessages } from "./read-messages.js";
import { writeMessages } from "./write-messages.js";

/**
 * Wraps a typed handler as a grpc-js handler for the method's streaming kind. The wrapper owns the call:
 * it builds the {@link HandlerContext}, converts results and errors to gRPC responses and statuses, and
 * paces streaming writes.
 */
export function createHandler(method: DescMethod, impl: (...args: never[]) => unknown, env: HandlerEnvironment): UntypedHandleCall {
  const fn = impl as (input: unknown, context: HandlerContext) => unknown;
  switch (method.methodKind) {
    case "unary":
      return (call: ServerUnaryCall<unknown, unknown>, callback: sendUnaryData<unknown>) => {
        // A request that did not decode never reaches the handler; streamed ones are caught in readMessages.
        if (call.request instanceof UndecodableRequest) return callback(call.request.toServiceError());
        const ctx = new CallContext(method, call, env);
        settleUnary(ctx, callback, () => fn(call.request, ctx), env);
      };
    case "client_streaming":
      return (call: ServerReadableStream<unknown, unknown>, callback: sendUnaryData<unknown>) => {
        const ctx = new CallContext(method, call, env);
        settleUnary(ctx, callback, () => fn(readMessages(call, ctx.signal), ctx), env);
      };
    case "server_streaming":
      return (call: ServerWritableStream<unknown, unknown>) => {
        if (call.request instanceof UndecodableRequest) return void call.emit("error", call.request.toServiceError());
        const ctx = new CallContext(method, call, env);
        void pumpStream(ctx, call, () => fn(call.request, ctx) as AsyncIterable<unknown>, env);
      };
    case "bidi_streaming": {
      // A handler made with answerEach() is served from grpc-js's events, without the async iterables.
      const answer = answerOf(impl);
      if (answer !== undefined) {
        return (call: ServerDuplexStream<unknown, unknown>) => answerEachCall(new CallContext(method, call, env), call, answer, env);
      }
      return (call: ServerDuplexStream<unknown, unknown>) => {
        const ctx = new CallContext(method, call, env);
        void pumpStream(ctx, call, () => fn(readMessages(call, ctx.signal), ctx) as AsyncIterable<unknown>, env);
      };
    }
  }
}

/**
 * Answers a unary or client-streaming call with what the handler returns or throws. A handler that
 * answers synchronously is answered at once, without a promise (the common echo/lookup handler).
 */
function settleUnary(ctx: CallContext, callback: sendUnaryData<unknown>, run: () => unknown, env: HandlerEnvironment): void {
  let result: unknown;
  try {
    result = run();
  } catch (error) {
    failUnary(ctx, callback, error, env);
    return;
  }
  if (isThenable(result)) {
    result.then(
      (response) => answerUnary(ctx, callback, response),
      (error: unknown) => failUnary(ctx, callback, error, env),
    );
  } else {
    answerUnary(ctx, callback, result);
  }
}

function answerUnary(ctx: CallContext, callback: sendUnaryData<unknown>, response: unknown): void {
  try {
    ctx[sendHeaders]();
    callback(null, response, ctx[trailers]());
  } finally {
    ctx[close]();
  }
}

function failUnary(ctx: CallContext, callback: sendUnaryData<unknown>, error: unknown, env: HandlerEnvironment): void {
  try {
    // Headers the handler set before it failed still reach the client, as grpc-go and grpcio do.
    ctx[sendHeaders]();
    callback(toServiceError(error, ctx, env));
  } finally {
    ctx[close]();
  }
}

async function pumpStream(
  ctx: CallContext,
  call: ServerWritableStream<unknown, unknown> | ServerDuplexStream<unknown, unknown>,
  run: () => AsyncIterable<unknown>,
  env: HandlerEnvironment,
): Promise<void> {
  try {
    const base = env.coalesceWrites ? baseServerCall(call) : undefined;
    const sink = base === undefined ? undefined : new CoalescingSink(call, base);
    await writeMessages(call, run(), ctx.signal, () => ctx[sendHeaders](), sink);
    if (!ctx.signal.aborted) call.end(ctx[trailers]());
  } catch (error) {
    // Once the call is over (client gone, deadline passed), there is nobody to send a status to.
    if (!ctx.signal.aborted) {
      ctx[sendHeaders]();
      call.emit("error", toServiceError(error, ctx, env));
    }
  } finally {
    ctx[close]();
  }
}
