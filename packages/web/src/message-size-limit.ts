// Watches the frame headers of a gRPC request body as it streams through, so an oversized message is
// refused before the gateway forwards (or buffers) it; the payload itself is never parsed.

/** Tracks frame boundaries across chunks; `push` returns the size of the first message over the limit. */
export class MessageSizeLimit {
  readonly #max: number;
  /** Bytes of the current frame's header seen so far (0-5). */
  #headerSeen = 0;
  readonly #header = Buffer.alloc(5);
  /** Payload bytes of the current frame still to skip. */
  #payloadLeft = 0;

  constructor(maxMessageBytes: number) {
    this.#max = maxMessageBytes;
  }

  /** Feeds the next body bytes; returns the announced length of a message over the limit, else undefined. */
  push(bytes: Uint8Array): number | undefined {
    let i = 0;
    while (i < bytes.length) {
      if (this.#payloadLeft > 0) {
        const skip = Math.min(this.#payloadLeft, bytes.length - i);
        this.#payloadLeft -= skip;
        i += skip;
        continue;
      }
      this.#header[this.#headerSeen++] = bytes[i++]!;
      if (this.#headerSeen === 5) {
        this.#headerSeen = 0;
        const length = this.#header.readUInt32BE(1);
        if (length > this.#max) return length;
        this.#payloadLeft = length;
      }
    }
    return undefined;
  }

  /** True if the body so far ends on a frame boundary. */
  get atBoundary(): boolean {
    return this.#headerSeen === 0 && this.#payloadLeft === 0;
  }
}
