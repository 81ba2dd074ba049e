import { EventEmitter } from "node:events";
import type { ClientDuplexStream, ClientWritableStream } from "@grpc/grpc-js";
import type { Frames } from "./frame-batch.js";
import { FrameGatherer, PAUSE_BYTES, RESUME_BYTES } from "./frame-gatherer.js";
import { resolvingClientCall, type ResolvingClientCall } from "./grpc-js-internals.js";
import type { MessageSink } from "./write-messages.js";

type ClientStream = ClientWritableStream<unknown> | ClientDuplexStream<unknown, unknown>;

/**
 * Sends a client stream's requests to grpc-js already framed, with every request that is ready in the
 * same tick gathered into one message write of up to {@link BATCH_BYTES}.
 *
 * Why: each request written with grpc-js's `write()` goes through an object-mode Writable, the interceptors,
 * a promise chain in the filter stack (compression and framing), the retry buffer and its own HTTP/2 write,
 * and the next one starts only when its callback comes.
 *
 * Where: the batch is handed to the child of grpc-js's ResolvingCall (the retrying call), below the filter
 * stack, which is where grpc-js hands each framed request; the retry buffer and the HTTP/2 stream treat it
 * as bytes. Only while that is exactly what the filter stack would do: the call is resolved, nothing is in
 * its filters or held by an interceptor, the interceptors pass requests on unchanged, and requests go out
 * uncompressed (identity). Otherwise (the call is not resolved yet, or the channel compresses) a
 * request takes `write()`; a request grpc-js must refuse itself (it does not serialize, or is over the
 * maximum send size) takes `write()` too, after the batch, and so do all later ones.
 *
 * Backpressure: `write` returns false while {@link PAUSE_BYTES} are handed over and not yet written (the
 * child's callbacks), or while `write()` asks for it; the sink emits 'drain' when either is done.
 */
export class ClientCoalescingSink extends EventEmitter implements MessageSink {
  readonly #stream: ClientStream;
  readonly #serialize: (value: unknown) => Buffer;
  readonly #gather = new FrameGatherer((frames) => this.#send(frames));
  /** The call the pending batch goes to (found when the batch started). */
  #target: ResolvingClientCall | undefined;
  #maxSend = -1;
  #unsent = 0;
  #waiting = false;
  #public = false;

  constructor(stream: ClientStream, serialize: (value: unknown) => Buffer) {
    super();
    this.#stream = stream;
    this.#serialize = serialize;
  }

  get drainTarget(): EventEmitter {
    return this.#public ? this.#stream : this;
  }

  write(value: unknown): boolean {
    if (this.#public) return this.#stream.write(value);
    if (this.#target === undefined) {
      // Requests written with write() must be through the filters before a batch may follow them.
      const found = this.#stream.writableLength === 0 ? resolvingClientCall(this.#stream) : undefined;
      if (found === undefined) return this.#writeOne(value);
      this.#target = found.call;
      this.#maxSend = found.maxSend;
    }
    let bytes: Buffer;
    try {
      bytes = this.#serialize(value);
    } catch {
      return this.#writePublic(value);
    }
    if (this.#maxSend !== -1 && bytes.byteLength > this.#maxSend) return this.#writePublic(value);
    this.#gather.add(bytes);
    if (this.#unsent < PAUSE_BYTES) return true;
    this.#waiting = true;
    return false;
  }

  /** Hands the batch to grpc-js now (before the half-close, or before a request that takes write()). */
  flush(): void {
    this.#gather.flush();
  }

  #send(frames: Frames): void {
    const target = this.#target;
    if (target === undefined) return;
    const size = frames.bytes.byteLength;
    this.#unsent += size;
    // Found with a child, and a child is never taken away.
    target.child!.sendMessageWithContext(
      {
        callback: () => {
          this.#unsent -= size;
          if (this.#waiting && this.#unsent <= RESUME_BYTES) {
            this.#waiting = false;
            this.emit("drain");
          }
        },
      },
      frames.bytes,
    );
  }

  /** One request through write(), for now; later ones may be batched again once it is through. */
  #writeOne(value: unknown): boolean {
    this.flush();
    this.#target = undefined;
    if (this.#stream.write(value)) return true;
    this.#waiting = true;
    this.#stream.once("drain", this.#onStreamDrain);
    return false;
  }

  readonly #onStreamDrain = (): void => {
    if (!this.#waiting) return;
    this.#waiting = false;
    this.emit("drain");
  };

  #writePublic(value: unknown): boolean {
    this.flush();
    this.#public = true;
    return this.#stream.write(value);
  }
}
