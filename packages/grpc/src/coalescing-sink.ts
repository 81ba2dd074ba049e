import { EventEmitter } from "node:events";
import { Metadata, status, type ServerDuplexStream, type ServerWritableStream } from "@grpc/grpc-js";
import type { BaseServerCall } from "./grpc-js-internals.js";
import type { MessageSink } from "./write-messages.js";

/**
 * A batch is written once it holds this many bytes; a message that does not fit in what is left is written
 * after the batch. 64 KiB is HTTP/2's default initial window and what the prototype in issue 21 used.
 */
export const BATCH_BYTES = 64 * 1024;
/** The first staging buffer of a call: a stream of a few small messages never needs more. */
const FIRST_STAGING_BYTES = 4 * 1024;
/** The gRPC message header: a flag byte (0: not compressed) and the length, big-endian. */
const HEADER_BYTES = 5;
/**
 * The producer waits once this much is written and not yet sent, and goes on when the HTTP/2 stream is
 * back to {@link RESUME_BYTES}: a few batches in flight, so that the next batch is being gathered while the
 * last ones go out (waiting for the stream's own 'drain', at an empty buffer, left the socket idle while the
 * next batch was made).
 */
const PAUSE_BYTES = 4 * BATCH_BYTES;
const RESUME_BYTES = 2 * BATCH_BYTES;
/**
 * Full batch buffers whose writes are done, for the next batches of any call: a fresh 64 KiB buffer per
 * batch is memory outside the JS heap that only a garbage collection gives back (bench/README.md, fifth
 * round, on what that costs).
 */
const spareBatches: Buffer[] = [];
const MAX_SPARE_BATCHES = 16;

/**
 * Writes a server stream's responses straight to the call's HTTP/2 stream, framed as gRPC messages
 * (flag byte 0, as grpc-js 1.14 frames every response, then the length), with every message that is
 * ready in the same tick gathered into one HTTP/2 write.
 *
 * Why: grpc-js writes each message through an object-mode Writable, its interceptor chain and its own
 * HTTP/2 write, and starts the next one only when that write's callback comes; for 1 KiB messages that
 * per-message cost, not the bytes, limits a stream to about 100 MiB/s (bench/README.md, issue 21).
 *
 * No message waits for another: the batch is written when the handler stops producing (a nextTick, which
 * runs once the microtasks of the handler's synchronous yields are done) or when it reaches
 * {@link BATCH_BYTES}. Backpressure is the HTTP/2 stream's: `write` returns false while its buffer needs
 * draining, and writeMessages then waits for 'drain' on {@link drainTarget}.
 *
 * A message that grpc-js must answer itself (one that does not serialize, or exceeds the call's maximum
 * send size) goes, after the batch, through the public `write()`, and so does every later one, so grpc-js
 * sends the same status as before and order is kept.
 */
export class CoalescingSink extends EventEmitter implements MessageSink {
  readonly #call: ServerWritableStream<unknown, unknown> | ServerDuplexStream<unknown, unknown>;
  readonly #base: BaseServerCall;
  #staging: Buffer | undefined;
  /** The staging buffer's size: it starts small and doubles, up to BATCH_BYTES, as batches grow. */
  #stagingBytes = FIRST_STAGING_BYTES;
  #used = 0;
  /** The producer was told to wait: emit 'drain' when the stream's buffer is down to RESUME_BYTES. */
  #waiting = false;
  #count = 0;
  #scheduled = false;
  /** Set once a message went through the public write(): every later one must follow it there. */
  #public = false;

  constructor(call: ServerWritableStream<unknown, unknown> | ServerDuplexStream<unknown, unknown>, base: BaseServerCall) {
    super();
    this.#call = call;
    this.#base = base;
  }

  get drainTarget(): EventEmitter {
    return this.#public ? this.#call : this;
  }

  write(value: unknown): boolean {
    if (this.#public) return this.#call.write(value);
    const base = this.#base;
    // The call is over (cancelled, deadline, status sent): grpc-js drops messages then too.
    if (base.checkCancelled() || base.stream.writableEnded) return true;
    let bytes: Buffer;
    try {
      bytes = base.handler.serialize(value);
    } catch {
      return this.#writePublic(value);
    }
    const length = bytes.byteLength;
    if (base.maxSendMessageSize !== -1 && length > base.maxSendMessageSize) return this.#writePublic(value);
    // grpc-js sends empty headers with the first message unless the handler's were sent.
    if (!base.metadataSent) this.#call.sendMetadata(new Metadata());
    const size = HEADER_BYTES + length;
    if (this.#used + size > BATCH_BYTES) this.flush();
    if (size > BATCH_BYTES) {
      const frame = Buffer.allocUnsafe(size);
      frame[0] = 0;
      frame.writeUInt32BE(length, 1);
      frame.set(bytes, HEADER_BYTES);
      this.#writeFrames(frame, 1, undefined);
      return this.#mayGoOn();
    }
    const staging = this.#reserve(size);
    const at = this.#used;
    staging[at] = 0;
    staging.writeUInt32BE(length, at + 1);
    // Copied now: the serializer may hand out a view of a buffer that the next message reuses.
    staging.set(bytes, at + HEADER_BYTES);
    this.#used = at + size;
    this.#count++;
    if (!this.#scheduled) {
      this.#scheduled = true;
      process.nextTick(this.#flushTick);
    }
    return this.#mayGoOn();
  }

  /** False (wait for this sink's 'drain') while PAUSE_BYTES or more are written and not yet sent. */
  #mayGoOn(): boolean {
    if (this.#base.stream.writableLength < PAUSE_BYTES) return true;
    this.#waiting = true;
    return false;
  }

  /** Writes the batch now (before the status, or before a message that takes another way). */
  flush(): void {
    const used = this.#used;
    if (used === 0) return;
    const staging = this.#staging!;
    const count = this.#count;
    this.#used = 0;
    this.#count = 0;
    if (used * 2 >= staging.byteLength) {
      // Mostly full: hand the buffer itself to the stream (it is referenced until written) and start a new one.
      this.#staging = undefined;
      this.#writeFrames(staging.subarray(0, used), count, staging.byteLength === BATCH_BYTES ? staging : undefined);
    } else {
      this.#writeFrames(Buffer.from(staging.subarray(0, used)), count, undefined);
    }
  }

  readonly #flushTick = (): void => {
    this.#scheduled = false;
    this.flush();
  };

  /** Room for `size` more bytes in the staging buffer, which grows by doubling up to BATCH_BYTES. */
  #reserve(size: number): Buffer {
    const needed = this.#used + size;
    let staging = this.#staging;
    if (staging !== undefined && staging.byteLength >= needed) return staging;
    while (this.#stagingBytes < needed) this.#stagingBytes *= 2;
    const length = Math.min(this.#stagingBytes, BATCH_BYTES);
    const fresh = length === BATCH_BYTES ? (spareBatches.pop() ?? Buffer.allocUnsafeSlow(length)) : Buffer.allocUnsafeSlow(length);
    if (staging !== undefined) staging.copy(fresh, 0, 0, this.#used);
    return (this.#staging = fresh);
  }

  /** Writes `frames` (`count` messages); `spare` is a batch buffer to reuse once they are sent. */
  #writeFrames(frames: Buffer, count: number, spare: Buffer | undefined): void {
    const base = this.#base;
    if (base.checkCancelled() || base.stream.writableEnded) return;
    base.stream.write(frames, (error?: Error | null) => {
      if (error) {
        // What grpc-js answers when its own write of a message fails (a no-op once the call is cancelled).
        base.sendStatus({ code: status.INTERNAL, details: "Internal server error", metadata: null });
      } else {
        if (spare !== undefined && spareBatches.length < MAX_SPARE_BATCHES) spareBatches.push(spare);
        const tracker = base.callEventTracker;
        if (tracker) for (let i = 0; i < count; i++) tracker.addMessageSent();
      }
      // Also after an error: the producer then finds the call over (its signal aborted) and stops.
      if (this.#waiting && (error || base.stream.writableLength <= RESUME_BYTES)) {
        this.#waiting = false;
        this.emit("drain");
      }
    });
  }

  #writePublic(value: unknown): boolean {
    this.flush();
    this.#public = true;
    return this.#call.write(value);
  }
}
