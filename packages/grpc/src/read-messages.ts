import type { Readable } from "node:stream";
import { UndecodableRequest } from "./decode-request.js";

/** Messages read ahead of the handler before the stream is paused (grpc-js's own object-mode default). */
const READ_AHEAD = 16;

/**
 * Reads a grpc-js request stream as an async iterable that ends with the stream, throws if the stream
 * errors, and throws `signal.reason` as soon as `signal` aborts (grpc-js does not end a request stream
 * whose client went away, so a handler waiting for the next message would otherwise wait forever).
 *
 * Backpressure: at most {@link READ_AHEAD} messages are queued; then the stream is paused until the
 * handler catches up, so grpc-js reads from the network only as fast as the handler consumes. Breaking
 * out of the loop early leaves the call open (the stream is paused, not destroyed), so a bidi handler can
 * stop reading and still answer.
 *
 * Why not `stream.iterator()` raced against the signal: that costs a `Promise.race` and Node's stream
 * iterator machinery per message, and each race adds a reaction to the never-settling abort promise, so a
 * long stream grows it without bound. Here one set of listeners serves the whole stream and a message
 * that is already queued is handed over without waiting.
 *
 * A message that did not decode throws its INTERNAL {@link RpcError} from the loop, so the handler
 * fails with it unless it catches it.
 *
 * Why an iterator object and not an async generator: a generator that waits for a message costs three
 * promise hops per message (the wake-up, the `yield`'s implicit await, the result), and on a ping-pong
 * stream, where the handler always waits, those are a visible share of each message's cost.
 * Here a message that arrives while the handler waits settles the handler's `next()` directly. It behaves
 * as such a generator would: listeners are attached at the first `next()`, and ending, failing, aborting or
 * `return()` (a `break` in `for await`) release them once and finish the iterator.
 */
export function readMessages<T>(stream: Readable, signal: AbortSignal): AsyncIterableIterator<T> {
  return new MessageReader<T>(stream, signal);
}

type Settle<T> = { resolve: (result: IteratorResult<T, undefined>) => void; reject: (error: unknown) => void };

class MessageReader<T> implements AsyncIterableIterator<T> {
  readonly #stream: Readable;
  readonly #signal: AbortSignal;
  #queue: T[] = [];
  #head = 0;
  #ended = false;
  #failure: { error: unknown } | undefined;
  #started = false;
  #finished = false;
  /** The handler's `next()` that waits for a message. */
  #waiting: Settle<T> | undefined;
  #pending: Promise<IteratorResult<T, undefined>> | undefined;

  constructor(stream: Readable, signal: AbortSignal) {
    this.#stream = stream;
    this.#signal = signal;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<T, undefined>> {
    if (this.#finished) return Promise.resolve({ done: true, value: undefined });
    // A second next() before the first settled (not what `for await` does) takes its turn after it.
    if (this.#pending !== undefined) {
      const again = () => this.next();
      return this.#pending.then(again, again);
    }
    if (!this.#started) this.#start();
    let result: IteratorResult<T, undefined> | undefined;
    try {
      result = this.#take();
    } catch (error) {
      return Promise.reject(error);
    }
    if (result !== undefined) return Promise.resolve(result);
    const pending = new Promise<IteratorResult<T, undefined>>((resolve, reject) => (this.#waiting = { resolve, reject }));
    this.#pending = pending;
    return pending;
  }

  return(): Promise<IteratorResult<T, undefined>> {
    const waiting = this.#waiting;
    this.#waiting = this.#pending = undefined;
    this.#finish();
    waiting?.resolve({ done: true, value: undefined });
    return Promise.resolve({ done: true, value: undefined });
  }

  /**
   * The next result if there is one now: a queued message, the end, or a throw (abort, stream error).
   * Undefined means wait. Ending and throwing finish the iterator.
   */
  #take(): IteratorResult<T, undefined> | undefined {
    try {
      this.#signal.throwIfAborted();
      const queue = this.#queue;
      if (this.#head < queue.length) {
        const message = queue[this.#head]!;
        queue[this.#head++] = undefined as T; // Let the message go once handed over.
        if (this.#head === queue.length) {
          queue.length = 0;
          this.#head = 0;
          if (this.#stream.isPaused() && !this.#ended) this.#stream.resume();
        }
        if (message instanceof UndecodableRequest) throw message.error;
        return { done: false, value: message };
      }
      if (this.#failure !== undefined) throw this.#failure.error;
    } catch (error) {
      this.#finish();
      throw error;
    }
    if (this.#ended) {
      this.#finish();
      return { done: true, value: undefined };
    }
    return undefined;
  }

  /** Settles the waiting `next()` once something happened: a message, the end, an error, an abort. */
  readonly #wake = (): void => {
    const waiting = this.#waiting;
    if (waiting === undefined) return;
    let result: IteratorResult<T, undefined> | undefined;
    try {
      result = this.#take();
    } catch (error) {
      this.#waiting = this.#pending = undefined;
      waiting.reject(error);
      return;
    }
    if (result === undefined) return;
    this.#waiting = this.#pending = undefined;
    waiting.resolve(result);
  };

  readonly #onData = (message: T): void => {
    const waiting = this.#waiting;
    // The handler waits and nothing is queued before this message: hand it over directly, without the
    // queue (a ping-pong stream always takes this path). A waiting next() means no abort, end or error
    // came first: each of those settles it at once.
    if (waiting !== undefined && this.#head === this.#queue.length && !(message instanceof UndecodableRequest)) {
      this.#waiting = this.#pending = undefined;
      waiting.resolve({ done: false, value: message });
      return;
    }
    this.#queue.push(message);
    if (this.#queue.length - this.#head >= READ_AHEAD) this.#stream.pause();
    this.#wake();
  };

  readonly #onEnd = (): void => {
    this.#ended = true;
    this.#wake();
  };

  readonly #onError = (error: unknown): void => {
    this.#failure ??= { error };
    this.#wake();
  };

  readonly #onClose = (): void => {
    // A stream that closes without 'end' or 'error' was cut off; the handler must not wait for more.
    if (!this.#ended) this.#failure ??= { error: new Error("request stream closed before it ended") };
    this.#wake();
  };

  #start(): void {
    this.#started = true;
    this.#stream.on("data", this.#onData);
    this.#stream.once("end", this.#onEnd);
    this.#stream.once("error", this.#onError);
    this.#stream.once("close", this.#onClose);
    this.#signal.addEventListener("abort", this.#wake, { once: true });
  }

  /** Releases the stream, once; what the generator's `finally` did. */
  #finish(): void {
    if (this.#finished) return;
    this.#finished = true;
    if (!this.#started) return;
    const stream = this.#stream;
    stream.removeListener("data", this.#onData);
    stream.removeListener("end", this.#onEnd);
    stream.removeListener("error", this.#onError);
    stream.removeListener("close", this.#onClose);
    this.#signal.removeEventListener("abort", this.#wake);
    // Without a 'data' listener a flowing stream would drop what comes next; paused, it applies backpressure.
    if (!this.#ended) stream.pause();
    // Messages read ahead but not handed over go back to the stream, as if never read.
    if (!this.#ended && this.#failure === undefined) for (let i = this.#queue.length - 1; i >= this.#head; i--) stream.unshift(this.#queue[i]);
    this.#queue = [];
  }
}
