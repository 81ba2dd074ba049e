import { once } from "node:events";
import type { Writable } from "node:stream";

/**
 * Writes every value of `source` to a grpc-js stream, waiting for 'drain' whenever the stream's buffer
 * is full, so a fast producer is paced by the network and the reader instead of growing memory.
 * `beforeFirst` runs once, before the first write (used to send response headers). Stops early, without
 * error, when `signal` aborts; the source's `return()` runs, so generators can clean up.
 */
export async function writeMessages<T>(
  stream: Writable,
  source: AsyncIterable<T> | Iterable<T>,
  signal: AbortSignal,
  beforeFirst?: () => void,
): Promise<void> {
  let first = true;
  for await (const value of source) {
    if (signal.aborted) return;
    if (first) {
      first = false;
      beforeFirst?.();
    }
    if (!stream.write(value)) {
      try {
        await once(stream, "drain", { signal });
      } catch (e) {
        if (signal.aborted) return;
        throw e;
      }
    }
  }
  if (first) beforeFirst?.();
}
