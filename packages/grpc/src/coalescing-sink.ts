import { EventEmitter } from "node:events";
import { Metadata, status, type ServerDuplexStream, type ServerWritableStream } from "@grpc/grpc-js";
import type { Frames } from "./frame-batch.js";
import { FrameGatherer, PAUSE_BYTES, RESUME_BYTES } from "./frame-gatherer.js";
import type { BaseServerCall } from "./grpc-js-internals.js";
import type { MessageSink } from "./write-messages.js";

export { BATCH_BYTES } from "./frame-batch.js";

/**
 * Full batch buffers whose writes are done, for the next batches of any call: a fresh 64 KiB buffer per
 * batch is memory outside the JS heap that only a full garbage collection gives back.
 */
const spareBatches: Buffer[] = [];
const MAX_SPARE_BATCHES = 16;
const takeSpare = () => spareBatches.pop();

/**
 * Writes a server stream's responses straight to the call's HTTP/2 stream, framed as gRPC messages
 * (flag byte 0, as grpc-js 1.14 frames every response, then the length), with every message that is
 * ready in the same tick gathered into one HTTP/2 write.
 *
 * Why: grpc-js writes each message through an object-mode Writable, its interceptor chain and its own
 * HTTP/2 write, and starts the next one only when that write's callback comes; for small messages that
 * per-message cost, not the bytes, is what bounds a stream's throughput.
 *
 * No message waits for another: the batch is written when the handler stops producing (a nextTick, which
 * runs once the microtasks of the handler's synchronous yields are done) or when it reaches
 * {@link BATCH_BYTES}. Backpressure: `write` returns false while {@link PAUSE_BYTES} are unsent, and the
 * sink emits 'drain' at {@link RESUME_BYTES}.
 *
 * A message that grpc-js must answer itself (one that does not serialize, or exceeds the call's maximum
 * send size) goes, after the batch, through the public `write()`, and so does every later one, so grpc-js
 * sends the status it would send without this sink, and order is kept.
 */
export class CoalescingSink extends EventEmitter implements MessageSink {
  readonly #call: ServerWritableStream<unknown, unknown> | ServerDuplexStream<unknown, unknown>;
  readonly #base: BaseServerCall;
  readonly #gather = new FrameGatherer((frames) => this.#writeFrames(frames), takeSpare);
  /** The producer was told to wait: emit 'drain' when the stream's buffer is down to RESUME_BYTES. */
  #waiting = false;
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
    if (base.maxSendMessageSize !== -1 && bytes.byteLength > base.maxSendMessageSize) return this.#writePublic(value);
    // grpc-js sends empty headers with the first message unless the handler's were sent.
    if (!base.metadataSent) this.#call.sendMetadata(new Metadata());
    this.#gather.add(bytes);
    if (base.stream.writableLength < PAUSE_BYTES) return true;
    this.#waiting = true;
    return false;
  }

  /** Writes the batch now (before the status, or before a message that takes another way). */
  flush(): void {
    this.#gather.flush();
  }

  #writeFrames({ bytes, count, spare }: Frames): void {
    const base = this.#base;
    if (base.checkCancelled() || base.stream.writableEnded) return;
    base.stream.write(bytes, (error?: Error | null) => {
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
