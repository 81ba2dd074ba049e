/**
 * A batch is written once it holds this many bytes; a message that does not fit in what is left is written
 * after the batch. 64 KiB is HTTP/2's default initial window: one batch fills a fresh stream's window.
 */
export const BATCH_BYTES = 64 * 1024;
/** The first staging buffer of a call: a stream of a few small messages never needs more. */
const FIRST_STAGING_BYTES = 4 * 1024;
/** The gRPC message header: a flag byte (0: not compressed) and the length, big-endian. */
export const HEADER_BYTES = 5;

/** Frames taken out of a {@link FrameBatch}, ready for one write. */
export interface Frames {
  bytes: Buffer;
  /** How many messages `bytes` holds. */
  count: number;
  /** A whole BATCH_BYTES buffer that `bytes` views, which may be reused once `bytes` is sent. */
  spare: Buffer | undefined;
}

/**
 * gRPC messages framed one after the other (flag byte 0, then the length, big-endian: an uncompressed
 * message) into a staging buffer of a call, which starts small and doubles, up to {@link BATCH_BYTES}, as
 * batches grow. Shared by the server's and the client's coalescing writers (internal).
 */
export class FrameBatch {
  #staging: Buffer | undefined;
  #stagingBytes = FIRST_STAGING_BYTES;
  #used = 0;
  #count = 0;
  /** Where full BATCH_BYTES buffers come from (a pool of sent ones), if anywhere. */
  readonly #spare: (() => Buffer | undefined) | undefined;

  constructor(spare?: () => Buffer | undefined) {
    this.#spare = spare;
  }

  get byteLength(): number {
    return this.#used;
  }

  /** Frames `message` after the others; the caller checks that it fits in BATCH_BYTES. */
  add(message: Uint8Array): void {
    const size = HEADER_BYTES + message.byteLength;
    const staging = this.#reserve(size);
    const at = this.#used;
    staging[at] = 0;
    staging.writeUInt32BE(message.byteLength, at + 1);
    // Copied now: a serializer may hand out a view of a buffer that the next message reuses.
    staging.set(message, at + HEADER_BYTES);
    this.#used = at + size;
    this.#count++;
  }

  /** The frames so far, emptying the batch; undefined when it is empty. */
  take(): Frames | undefined {
    const used = this.#used;
    if (used === 0) return undefined;
    const staging = this.#staging!;
    const count = this.#count;
    this.#used = 0;
    this.#count = 0;
    if (used * 2 < staging.byteLength) return { bytes: Buffer.from(staging.subarray(0, used)), count, spare: undefined };
    // Mostly full: hand over the buffer itself (it is referenced until sent) and stage into a new one.
    this.#staging = undefined;
    return { bytes: staging.subarray(0, used), count, spare: staging.byteLength === BATCH_BYTES ? staging : undefined };
  }

  #reserve(size: number): Buffer {
    const needed = this.#used + size;
    const staging = this.#staging;
    if (staging !== undefined && staging.byteLength >= needed) return staging;
    while (this.#stagingBytes < needed) this.#stagingBytes *= 2;
    const length = Math.min(this.#stagingBytes, BATCH_BYTES);
    const fresh = (length === BATCH_BYTES ? this.#spare?.() : undefined) ?? Buffer.allocUnsafeSlow(length);
    if (staging !== undefined) staging.copy(fresh, 0, 0, this.#used);
    return (this.#staging = fresh);
  }
}

/** One message framed on its own, for a message larger than a batch. */
export function frameOne(message: Uint8Array): Buffer {
  const frame = Buffer.allocUnsafe(HEADER_BYTES + message.byteLength);
  frame[0] = 0;
  frame.writeUInt32BE(message.byteLength, 1);
  frame.set(message, HEADER_BYTES);
  return frame;
}
