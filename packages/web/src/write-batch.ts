// Why the gateway batches what it writes to the browser: a backend sends a message as HTTP/2 DATA frames
// of 16 KiB, and Node.js hands each frame to JavaScript in its own callback, which ends its own tick; so a
// write per frame costs one socket write (and over HTTP/1.1 one chunk header) per 16 KiB, and the browser
// reads as many pieces. Measured on a 64 MiB download in 64 KiB messages, that was about 110 writes per MiB.
// A batch holds what arrives within one event-loop turn (every frame of one read from the backend) and
// writes it at once, on setImmediate, which runs after that turn's I/O callbacks.

/** Bytes gathered for one write; see {@link createWriteBatch}. */
export interface WriteBatch {
  /** Holds `bytes` for the next write, which happens on setImmediate or now if `maxBytes` are held. */
  push(bytes: Uint8Array): void;
  /** The bytes held (one buffer) and not yet written, or undefined if none; the pending write is cancelled. */
  take(): Buffer | undefined;
}

/**
 * Creates a batch that calls `write` with everything pushed since its last call, once per event-loop turn
 * or as soon as `maxBytes` are held (so that a fast backend does not make it hold a whole stream).
 */
export function createWriteBatch(write: (bytes: Buffer) => void, maxBytes: number): WriteBatch {
  let held: Buffer[] = [];
  let heldBytes = 0;
  let timer: NodeJS.Immediate | undefined;
  const take = (): Buffer | undefined => {
    if (timer !== undefined) clearImmediate(timer);
    timer = undefined;
    if (held.length === 0) return undefined;
    const bytes = held.length === 1 ? held[0]! : Buffer.concat(held, heldBytes);
    held = [];
    heldBytes = 0;
    return bytes;
  };
  const flush = (): void => {
    const bytes = take();
    if (bytes !== undefined) write(bytes);
  };
  return {
    push(bytes) {
      held.push(Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      heldBytes += bytes.byteLength;
      if (heldBytes >= maxBytes) flush();
      else timer ??= setImmediate(flush);
    },
    take,
  };
}
