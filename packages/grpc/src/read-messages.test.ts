import assert from "node:assert/strict";
import { PassThrough } from "node:stream";
import { setImmediate as tick } from "node:timers/promises";
import { describe, it } from "node:test";
import { Code } from "./index.js";
import { UndecodableRequest } from "./decode-request.js";
import { readMessages } from "./read-messages.js";
import { RpcError } from "./rpc-error.js";

function objects(): PassThrough {
  return new PassThrough({ objectMode: true });
}

describe("readMessages", () => {
  it("yields every message in order and ends with the stream", async () => {
    const stream = objects();
    const got: number[] = [];
    const reading = (async () => {
      for await (const m of readMessages<number>(stream, new AbortController().signal)) got.push(m);
    })();
    for (let i = 0; i < 1000; i++) stream.write(i);
    stream.end();
    await reading;
    assert.deepEqual(
      got,
      Array.from({ length: 1000 }, (_, i) => i),
    );
  });

  it("throws the stream's error after the messages before it", async () => {
    const stream = objects();
    const it = readMessages<string>(stream, new AbortController().signal);
    stream.write("a");
    assert.deepEqual(await it.next(), { done: false, value: "a" });
    stream.destroy(new Error("connection reset"));
    await assert.rejects(it.next(), /connection reset/);
  });

  it("throws the signal's reason when it aborts while waiting", async () => {
    const stream = objects();
    const controller = new AbortController();
    const next = readMessages<string>(stream, controller.signal).next();
    await tick();
    controller.abort(new Error("cancelled by the client"));
    await assert.rejects(next, /cancelled by the client/);
  });

  it("pauses the stream once 16 messages wait, and resumes it when the handler has taken them", async () => {
    const stream = objects();
    const it = readMessages<number>(stream, new AbortController().signal);
    const first = it.next(); // Attaches the listeners.
    for (let i = 0; i < 20; i++) stream.write(i);
    await tick();
    // 0 went straight to the waiting next(); 1..16 wait in the queue.
    assert.deepEqual(await first, { done: false, value: 0 });
    assert.equal(stream.isPaused(), true, "paused with the queue full");
    for (let i = 1; i < 16; i++) assert.equal((await it.next()).value, i);
    await tick();
    assert.equal(stream.isPaused(), true, "still paused while one message waits");
    assert.equal((await it.next()).value, 16);
    await tick();
    assert.equal(stream.isPaused(), false, "resumed once the queue is empty");
    for (let i = 17; i < 20; i++) assert.equal((await it.next()).value, i);
  });

  it("answers a second next() after the first, and nothing after return()", async () => {
    const stream = objects();
    const it = readMessages<string>(stream, new AbortController().signal);
    const [a, b] = [it.next(), it.next()];
    stream.write("a");
    stream.write("b");
    assert.deepEqual(await a, { done: false, value: "a" });
    assert.deepEqual(await b, { done: false, value: "b" });
    const c = it.next();
    assert.deepEqual(await it.return!(), { done: true, value: undefined });
    assert.deepEqual(await c, { done: true, value: undefined }, "the waiting next() ends with return()");
    stream.write("c");
    assert.deepEqual(await it.next(), { done: true, value: undefined });
    assert.equal(stream.listenerCount("data"), 0);
    assert.equal(stream.read(), "c", "what came after return() stays in the stream");
  });

  it("is finished after it threw: the next next() is done", async () => {
    const stream = objects();
    const it = readMessages<string>(stream, new AbortController().signal);
    const next = it.next();
    stream.destroy(new Error("connection reset"));
    await assert.rejects(next, /connection reset/);
    assert.deepEqual(await it.next(), { done: true, value: undefined });
    assert.equal(stream.listenerCount("data"), 0);
  });

  it("leaves the stream open and paused when the handler stops reading", async () => {
    const stream = objects();
    stream.write("a");
    stream.write("b");
    for await (const m of readMessages<string>(stream, new AbortController().signal)) {
      assert.equal(m, "a");
      break;
    }
    assert.equal(stream.destroyed, false);
    assert.equal(stream.isPaused(), true);
    assert.equal(stream.listenerCount("data"), 0);
    assert.equal(stream.read(), "b", "the message read ahead is back in the stream");
  });

  it("hands a message that arrives while the handler waits straight over, and an undecodable one as its error", async () => {
    const stream = objects();
    const it = readMessages<unknown>(stream, new AbortController().signal);
    const first = it.next();
    await tick();
    stream.write("a");
    assert.deepEqual(await first, { done: false, value: "a" });
    const second = it.next();
    await tick();
    stream.write(new UndecodableRequest(new RpcError(Code.INTERNAL, "cannot decode polyrpc.bench.v1.Payload")));
    stream.write("not handed over");
    await assert.rejects(second, (e: unknown) => e instanceof RpcError && e.code === Code.INTERNAL && /Payload/.test(e.message));
    assert.deepEqual(await it.next(), { done: true, value: undefined }, "finished after the error");
    assert.equal(stream.listenerCount("data"), 0);
  });
});
