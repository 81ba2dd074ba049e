import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { describe, it } from "node:test";
import { BATCH_BYTES, CoalescingSink } from "./coalescing-sink.js";
import type { BaseServerCall } from "./grpc-js-internals.js";

/** A stand-in for grpc-js's base call over a recording HTTP/2 stream, and the public call above it. */
function fakeCall(options: { hold?: boolean; maxSend?: number } = {}) {
  const writes: Buffer[] = [];
  const held: (() => void)[] = [];
  const stream = new Writable({
    highWaterMark: 16 * 1024,
    write(chunk: Buffer, _encoding, callback) {
      writes.push(chunk);
      if (options.hold === true) held.push(() => callback());
      else callback();
    },
  }) as BaseServerCall["stream"];
  const publicWrites: unknown[] = [];
  const statuses: unknown[] = [];
  let sent = 0;
  const base: BaseServerCall = {
    stream,
    handler: {
      serialize(value) {
        if (value === "bad") throw new Error("does not serialize");
        return value as Buffer;
      },
    },
    maxSendMessageSize: options.maxSend ?? -1,
    metadataSent: true,
    checkCancelled: () => false,
    sendStatus: (s) => statuses.push(s),
    callEventTracker: { addMessageSent: () => void sent++ },
  };
  const call = { write: (value: unknown) => (publicWrites.push(value), true), sendMetadata() {} } as never;
  return { sink: new CoalescingSink(call, base), writes, held, publicWrites, statuses, sentCount: () => sent };
}

/** Splits gRPC length-prefixed messages, checking every flag byte is 0 (not compressed). */
function unframe(bytes: Buffer): Buffer[] {
  const messages: Buffer[] = [];
  let pos = 0;
  while (pos < bytes.byteLength) {
    assert.equal(bytes[pos], 0, `compressed flag at ${pos}`);
    const length = bytes.readUInt32BE(pos + 1);
    messages.push(bytes.subarray(pos + 5, pos + 5 + length));
    pos += 5 + length;
  }
  assert.equal(pos, bytes.byteLength, "the last frame is cut short");
  return messages;
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));
const message = (n: number, size: number) => Buffer.alloc(size, n % 251);

describe("CoalescingSink", () => {
  it("gathers the messages of one tick into one write of gRPC frames", async () => {
    const f = fakeCall();
    for (let i = 0; i < 3; i++) assert.equal(f.sink.write(message(i, 10 + i)), true);
    assert.equal(f.writes.length, 0, "nothing is written before the tick ends");
    await tick();
    assert.equal(f.writes.length, 1);
    assert.deepEqual(unframe(f.writes[0]!), [message(0, 10), message(1, 11), message(2, 12)]);
    assert.equal(f.sentCount(), 3);
  });

  it("does not hold a message back for the next one", async () => {
    const f = fakeCall();
    f.sink.write(message(1, 5));
    await tick();
    f.sink.write(message(2, 6));
    await tick();
    assert.deepEqual(
      f.writes.map((w) => unframe(w)),
      [[message(1, 5)], [message(2, 6)]],
    );
  });

  it("writes a batch once it reaches 64 KiB, without waiting for the tick", async () => {
    const f = fakeCall();
    const sent = Array.from({ length: 100 }, (_, i) => message(i, 1024));
    for (const m of sent) f.sink.write(m);
    assert.equal(f.writes.length, 1, "one full batch is out before the tick ends");
    assert.ok(f.writes[0]!.byteLength <= BATCH_BYTES && f.writes[0]!.byteLength > BATCH_BYTES - 1029);
    await tick();
    assert.equal(f.writes.length, 2);
    assert.deepEqual(
      f.writes.flatMap((w) => unframe(w)),
      sent,
    );
  });

  it("writes a message larger than a batch as its own frame, after the batch", async () => {
    const f = fakeCall();
    f.sink.write(message(1, 100));
    f.sink.write(message(2, BATCH_BYTES));
    f.sink.write(message(3, 7));
    await tick();
    assert.deepEqual(
      f.writes.map((w) => unframe(w)),
      [[message(1, 100)], [message(2, BATCH_BYTES)], [message(3, 7)]],
    );
  });

  it("sends a message that does not serialize, and every later one, through grpc-js's write()", async () => {
    const f = fakeCall();
    f.sink.write(message(1, 3));
    f.sink.write("bad");
    f.sink.write(message(2, 3));
    await tick();
    assert.deepEqual(
      f.writes.map((w) => unframe(w)),
      [[message(1, 3)]],
      "the batch before it is written first",
    );
    assert.deepEqual(f.publicWrites, ["bad", message(2, 3)]);
  });

  it("leaves a message over the maximum send size to grpc-js's write(), which answers RESOURCE_EXHAUSTED", async () => {
    const f = fakeCall({ maxSend: 100 });
    f.sink.write(message(1, 100));
    f.sink.write(message(2, 101));
    await tick();
    assert.deepEqual(
      f.writes.map((w) => unframe(w)),
      [[message(1, 100)]],
    );
    assert.deepEqual(f.publicWrites, [message(2, 101)]);
  });

  it("asks the caller to wait while four batches are unsent, and emits 'drain' when two are left", async () => {
    const f = fakeCall({ hold: true });
    let accepted = 0;
    while (f.sink.write(message(accepted, 1024))) accepted++;
    const perBatch = Math.floor(BATCH_BYTES / 1029);
    // Four full batches in flight before the producer waits: the next is gathered while they go out.
    assert.ok(accepted >= 4 * perBatch && accepted <= 5 * perBatch, `accepted ${accepted} messages`);
    let drained = false;
    f.sink.drainTarget.once("drain", () => (drained = true));
    f.held.shift()!();
    f.held.shift()!();
    await tick();
    assert.equal(drained, false, "three or more batches are still unsent");
    for (const release of f.held.splice(0)) release();
    await tick();
    assert.equal(drained, true);
    assert.equal(f.sink.write(message(0, 1)), true);
    await tick();
    while (f.held.length > 0) {
      for (const release of f.held.splice(0)) release();
      await tick();
    }
    assert.equal(f.writes.flatMap((w) => unframe(w)).length, accepted + 2);
  });
});
