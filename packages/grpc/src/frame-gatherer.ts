import { BATCH_BYTES, FrameBatch, frameOne, HEADER_BYTES, type Frames } from "./frame-batch.js";

/**
 * A coalescing sink's producer waits once this much is written and not yet sent, and goes on when the
 * unsent bytes are back to {@link RESUME_BYTES}: a few batches in flight, so that the next batch is being
 * gathered while the last ones go out (waiting until nothing is unsent would leave the socket idle while the
 * next batch is made).
 */
export const PAUSE_BYTES = 4 * BATCH_BYTES;
/** Where a paused producer goes on (see {@link PAUSE_BYTES}). */
export const RESUME_BYTES = 2 * BATCH_BYTES;

/**
 * The gather step of the server's and the client's coalescing sinks (internal): every message that is ready
 * in the same tick goes into one batch, handed to `send` when the producer stops producing (a nextTick, which
 * runs once the microtasks of its synchronous writes are done), when the next message would not fit in
 * {@link BATCH_BYTES}, or on {@link flush}. A message larger than a batch is framed on its own and sent after
 * the batch. No message waits for another, and order is kept.
 */
export class FrameGatherer {
  readonly #batch: FrameBatch;
  readonly #send: (frames: Frames) => void;
  #scheduled = false;

  /**
   * @param send - Writes frames; called in message order.
   * @param spare - Where full BATCH_BYTES buffers come from (a pool of sent ones), if anywhere.
   */
  constructor(send: (frames: Frames) => void, spare?: () => Buffer | undefined) {
    this.#send = send;
    this.#batch = new FrameBatch(spare);
  }

  /** Gathers one serialized message. */
  add(bytes: Buffer): void {
    const size = HEADER_BYTES + bytes.byteLength;
    if (this.#batch.byteLength + size > BATCH_BYTES) this.flush();
    if (size > BATCH_BYTES) {
      this.#send({ bytes: frameOne(bytes), count: 1, spare: undefined });
    } else {
      this.#batch.add(bytes);
      if (!this.#scheduled) {
        this.#scheduled = true;
        process.nextTick(this.#flushTick);
      }
    }
  }

  /** Sends the batch now, if it holds anything. */
  flush(): void {
    const frames = this.#batch.take();
    if (frames !== undefined) this.#send(frames);
  }

  readonly #flushTick = (): void => {
    this.#scheduled = false;
    this.flush();
  };
}
