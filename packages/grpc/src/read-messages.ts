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
 */
export async function* readMessages<T>(stream: Readable, signal: AbortSignal): AsyncGenerator<T, void, undefined> {
  const queue: T[] = [];
  let head = 0;
  let ended = false;
  let failure: { error: unknown } | undefined;
  let wake: (() => void) | undefined;
  const onData = (message: T) => {
    queue.push(message);
    if (queue.length - head >= READ_AHEAD) stream.pause();
    wake?.();
  };
  const onEnd = () => {
    ended = true;
    wake?.();
  };
  const onError = (error: unknown) => {
    failure ??= { error };
    wake?.();
  };
  const onClose = () => {
    // A stream that closes without 'end' or 'error' was cut off; the handler must not wait for more.
    if (!ended) failure ??= { error: new Error("request stream closed before it ended") };
    wake?.();
  };
  const onAbort = () => wake?.();
  stream.on("data", onData);
  stream.once("end", onEnd);
  stream.once("error", onError);
  stream.once("close", onClose);
  signal.addEventListener("abort", onAbort, { once: true });
  try {
    for (;;) {
      signal.throwIfAborted();
      if (head < queue.length) {
        const message = queue[head]!;
        queue[head++] = undefined as T; // Let the message go once handed over.
        if (head === queue.length) {
          queue.length = 0;
          head = 0;
          if (stream.isPaused() && !ended) stream.resume();
        }
        if (message instanceof UndecodableRequest) throw message.error;
        yield message;
        continue;
      }
      if (failure !== undefined) throw failure.error;
      if (ended) return;
      await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
    }
  } finally {
    stream.removeListener("data", onData);
    stream.removeListener("end", onEnd);
    stream.removeListener("error", onError);
    stream.removeListener("close", onClose);
    signal.removeEventListener("abort", onAbort);
    // Without a 'data' listener a flowing stream would drop what comes next; paused, it applies backpressure.
    if (!ended) stream.pause();
    // Messages read ahead but not handed over go back to the stream, as if never read.
    if (!ended && failure === undefined) for (let i = queue.length - 1; i >= head; i--) stream.unshift(queue[i]);
  }
}
