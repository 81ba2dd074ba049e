import type { EventEmitter } from "node:events";
import type { Writable } from "node:stream";

/**
 * Where {@link writeMessages} puts messages when not straight into the stream's `write()` (internal):
 * the coalescing writer of server streams.
 */
export interface MessageSink {
  /** Sends or queues one message; false when the caller must wait for 'drain' on {@link drainTarget}. */
  write(value: unknown): boolean;
  /** What emits 'drain' (and 'error') for the writes so far. */
  readonly drainTarget: EventEmitter;
  /** Writes whatever is queued, now. */
  flush(): void;
}

/**
 * Writes every value of `source` to a grpc-js stream, waiting for 'drain' whenever the stream's buffer
 * is full, so a fast producer is paced by the network and the reader instead of growing memory.
 * `beforeFirst` runs once, before the first write (used to send response headers). Stops early, without
 * error, when `signal` aborts; the source's `return()` runs, so generators can clean up. Rejects with the
 * stream's error if it fails while a write waits for 'drain'. With a `sink`, messages go to it instead of
 * `stream.write()`; what it queued is flushed when the source ends or throws (not when the call is over).
 */
export async function writeMessages<T>(
  stream: Writable,
  source: AsyncIterable<T> | Iterable<T>,
  signal: AbortSignal,
  beforeFirst?: () => void,
  sink?: MessageSink,
): Promise<void> {
  // One abort listener for the whole stream, not one per wait for 'drain': a stream of small messages
  // waits often, and adding and removing an AbortSignal listener each time showed in the profile. It also
  // keeps `aborted`, so the per-message check is a local read rather than AbortSignal's checked getter.
  let wake: (() => void) | undefined;
  let aborted = signal.aborted;
  const onAbort = () => {
    aborted = true;
    wake?.();
  };
  signal.addEventListener("abort", onAbort, { once: true });
  try {
    let first = true;
    for await (const value of source) {
      if (aborted) return;
      if (first) {
        first = false;
        beforeFirst?.();
      }
      if (!(sink === undefined ? stream.write(value) : sink.write(value))) {
        const target = sink === undefined ? stream : sink.drainTarget;
        await new Promise<void>((resolve, reject) => {
          const done = (error?: Error) => {
            wake = undefined;
            target.removeListener("drain", onDrain);
            target.removeListener("error", onError);
            if (error !== undefined) reject(error);
            else resolve();
          };
          const onDrain = () => done();
          const onError = (error: Error) => done(error);
          wake = () => done();
          if (aborted) return done();
          target.once("drain", onDrain);
          target.once("error", onError);
        }).catch((e: unknown) => {
          if (!aborted) throw e;
        });
        if (aborted) return;
      }
    }
    if (first) beforeFirst?.();
  } finally {
    // Messages produced before the source ended or threw reach the client before the status.
    if (sink !== undefined && !aborted) sink.flush();
    signal.removeEventListener("abort", onAbort);
  }
}
