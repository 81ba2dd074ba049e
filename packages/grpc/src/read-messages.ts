import type { Readable } from "node:stream";

/**
 * Reads a grpc-js request stream as an async iterable that ends with the stream, throws if the stream
 * errors, and throws `signal.reason` as soon as `signal` aborts (grpc-js does not end a request stream
 * whose client went away, so a handler waiting for the next message would otherwise wait forever).
 *
 * Backpressure: messages are pulled one at a time through the stream's own iterator, so grpc-js reads
 * from the network only as fast as the handler consumes. Breaking out of the loop early leaves the call
 * open (destroyOnReturn: false), so a bidi handler can stop reading and still answer.
 */
export async function* readMessages<T>(stream: Readable, signal: AbortSignal): AsyncGenerator<T, void, undefined> {
  const iterator = stream.iterator({ destroyOnReturn: false }) as AsyncIterator<T>;
  let rejectOnAbort: (reason: unknown) => void = () => {};
  const aborted = new Promise<never>((_, reject) => (rejectOnAbort = reject));
  aborted.catch(() => {}); // Observed through the race below; never an unhandled rejection.
  const onAbort = () => rejectOnAbort(signal.reason);
  signal.addEventListener("abort", onAbort, { once: true });
  try {
    for (;;) {
      signal.throwIfAborted();
      const result = await Promise.race([iterator.next(), aborted]);
      if (result.done === true) return;
      yield result.value;
    }
  } finally {
    signal.removeEventListener("abort", onAbort);
  }
}
