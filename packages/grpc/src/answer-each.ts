import type { DescMessage, MessageInitShape, MessageShape } from "@bufbuild/protobuf";
import type { ServerDuplexStream } from "@grpc/grpc-js";
import { close, isThenable, sendHeaders, toServiceError, trailers, type CallContext, type HandlerEnvironment } from "./call-context.js";
import { UndecodableRequest } from "./decode-request.js";
import type { HandlerContext } from "./handler-context.js";
import type { BidiStreamingImpl } from "./service-impl.js";

/** Answers one request of a bidi stream with one response (or a promise of it). */
export type AnswerImpl<I extends DescMessage, O extends DescMessage> = (
  request: MessageShape<I>,
  context: HandlerContext,
) => MessageInitShape<O> | Promise<MessageInitShape<O>>;

type AnyAnswer = (request: unknown, context: HandlerContext) => unknown;

// Where answerEach keeps the callback on the handler it returns, for the server to find.
const answerKey = Symbol("polyrpc.answerEach");

/**
 * Answers up to this many requests at once (answers that are promises not yet written) before the
 * request stream is paused; the same bound as the read-ahead of an async-iterable handler's requests.
 */
const MAX_IN_FLIGHT = 16;

/**
 * A bidi-streaming handler that answers every request with one response, in request order: the shape of
 * ping-pong, echo, lookup and "transform each message" streams. `answer` is called once per request as it
 * arrives; it may return the response or a promise of it. The stream ends, with the context's trailers,
 * after the client half-closes and every answer was written.
 *
 * On a server made by `createServer` the handler is served straight from grpc-js's stream events, without
 * the async iterables of a general bidi handler (a few promise hops per message, which cost most on ping-pong
 * streams): an answer that is not a promise is written in the same tick its request
 * arrived. Promises are answered in order, at most 16 at a time before reading pauses; reading also
 * pauses while the network is slower than the answers (until the call's write buffer drains).
 *
 * Errors end the call as a general handler's do: a thrown or rejected {@link RpcError} is sent as its
 * status, anything else as INTERNAL "internal error" (the cause logged on the server); a request that does
 * not decode is answered with its INTERNAL status and never reaches `answer`. When the call ends early
 * (client cancel, deadline, server shutdown) `context.signal` aborts and nothing more is answered.
 *
 * Called directly, the returned handler is an ordinary async generator over the requests, with the same
 * results, so it can be tested or wrapped like any other {@link BidiStreamingImpl}.
 *
 * @example
 * service(RouteGuide, { routeChat: answerEach((note) => ({ location: note.location, message: note.message })) })
 */
export function answerEach<I extends DescMessage, O extends DescMessage>(answer: AnswerImpl<I, O>): BidiStreamingImpl<I, O> {
  async function* answerEachRequest(requests: AsyncIterable<MessageShape<I>>, context: HandlerContext) {
    for await (const request of requests) yield await answer(request, context);
  }
  return Object.assign(answerEachRequest, { [answerKey]: answer });
}

/** The callback a handler made by {@link answerEach} answers with; undefined for any other handler (internal). */
export function answerOf(impl: unknown): AnyAnswer | undefined {
  return (impl as { [answerKey]?: AnyAnswer } | undefined)?.[answerKey];
}

/** Serves a bidi call with an {@link answerEach} callback, from the call's events (internal). */
export function answerEachCall(ctx: CallContext, call: ServerDuplexStream<unknown, unknown>, answer: AnyAnswer, env: HandlerEnvironment): void {
  new EachAnswerer(ctx, call, answer, env).start();
}

const noop = () => {};

/** One call's state: which answers are pending, whether reading is paused, whether the call is over. */
class EachAnswerer {
  readonly #ctx: CallContext;
  readonly #call: ServerDuplexStream<unknown, unknown>;
  readonly #answer: AnyAnswer;
  readonly #env: HandlerEnvironment;
  /** The last pending answer's write: later answers wait for it, so responses keep request order. */
  #tail: Promise<void> | undefined;
  /** Answers started and not yet written (only promises count: others are written at once). */
  #inFlight = 0;
  #requestsEnded = false;
  /** The call's write buffer is full: wait for 'drain' before reading on. */
  #draining = false;
  #paused = false;
  #over = false;

  constructor(ctx: CallContext, call: ServerDuplexStream<unknown, unknown>, answer: AnyAnswer, env: HandlerEnvironment) {
    this.#ctx = ctx;
    this.#call = call;
    this.#answer = answer;
    this.#env = env;
  }

  start(): void {
    // The signal follows the client's cancel, the deadline and the server's shutdown; when it aborts,
    // grpc-js has ended the call (or will, with its own status), so the answerer only stops.
    const signal = this.#ctx.signal;
    if (signal.aborted) return this.#stop();
    const call = this.#call;
    call.on("data", this.#onData);
    call.on("drain", this.#onDrain);
    call.once("end", this.#onEnd);
    call.once("error", this.#onError);
    call.once("close", this.#onClose);
    signal.addEventListener("abort", this.#stop, { once: true });
  }

  readonly #onData = (request: unknown): void => {
    if (this.#over) return;
    if (request instanceof UndecodableRequest) return this.#fail(request.error);
    let result: unknown;
    try {
      result = this.#answer(request, this.#ctx);
    } catch (error) {
      return this.#fail(error);
    }
    if (this.#tail === undefined && !isThenable(result)) return this.#write(result);
    this.#queue(result);
  };

  /** Writes `result` once every earlier answer is written; its rejection fails the call. */
  #queue(result: unknown): void {
    const answered = Promise.resolve(result);
    // Handled now: a rejection that comes while earlier answers are pending is not an unhandled one.
    answered.catch(noop);
    this.#inFlight++;
    const tail: Promise<void> = (this.#tail === undefined ? answered : this.#tail.then(() => answered)).then(
      (response) => {
        this.#inFlight--;
        if (this.#tail === tail) this.#tail = undefined;
        if (this.#over) return;
        this.#write(response);
        this.#updateFlow();
        this.#endIfDone();
      },
      (error: unknown) => this.#fail(error),
    );
    this.#tail = tail;
    this.#updateFlow();
  }

  #write(response: unknown): void {
    this.#ctx[sendHeaders](); // Once: later calls return at once.
    // grpc-js serializes in write() and answers a response it cannot serialize with INTERNAL itself; what
    // write() throws (a null answer) would otherwise escape into grpc-js's event or a promise nobody awaits.
    let flushed: boolean;
    try {
      flushed = this.#call.write(response);
    } catch (error) {
      return this.#fail(error);
    }
    if (!flushed) {
      this.#draining = true;
      this.#updateFlow();
    }
  }

  readonly #onDrain = (): void => {
    this.#draining = false;
    this.#updateFlow();
  };

  /** Pauses reading while the network or pending answers lag behind, resumes once neither does. */
  #updateFlow(): void {
    if (this.#over || this.#requestsEnded) return;
    const pause = this.#draining || this.#inFlight >= MAX_IN_FLIGHT;
    if (pause === this.#paused) return;
    this.#paused = pause;
    if (pause) this.#call.pause();
    else this.#call.resume();
  }

  readonly #onEnd = (): void => {
    this.#requestsEnded = true;
    this.#endIfDone();
  };

  /** Ends the call with the handler's trailers once the client half-closed and every answer is written. */
  #endIfDone(): void {
    if (this.#over || !this.#requestsEnded || this.#inFlight > 0) return;
    this.#release();
    this.#ctx[sendHeaders]();
    this.#call.end(this.#ctx[trailers]());
  }

  readonly #onError = (error: unknown): void => this.#fail(error);

  readonly #onClose = (): void => {
    // A stream that closes without 'end' or 'error' was cut off, as readMessages treats it.
    if (!this.#requestsEnded) this.#fail(new Error("request stream closed before it ended"));
  };

  /** Ends the call with the status for `error`, once; later answers are dropped. */
  #fail(error: unknown): void {
    if (this.#over) return;
    // Released first: the 'error' emitted below must not come back to #onError.
    this.#release();
    this.#ctx[sendHeaders]();
    this.#call.emit("error", toServiceError(error, this.#ctx, this.#env));
  }

  /** The call is over without a status from here (cancelled, deadline, shutdown). */
  readonly #stop = (): void => {
    if (!this.#over) this.#release();
  };

  #release(): void {
    this.#over = true;
    const call = this.#call;
    call.removeListener("data", this.#onData);
    call.removeListener("drain", this.#onDrain);
    call.removeListener("end", this.#onEnd);
    call.removeListener("error", this.#onError);
    call.removeListener("close", this.#onClose);
    this.#ctx.signal.removeEventListener("abort", this.#stop);
    this.#ctx[close]();
  }
}
