import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { setImmediate as turn } from "node:timers/promises";
import { createWriteBatch } from "./write-batch.js";

describe("createWriteBatch", () => {
  it("writes what one event-loop turn pushed as one buffer, in order", async () => {
    const writes: string[] = [];
    const batch = createWriteBatch((bytes) => writes.push(bytes.toString()), 1024);
    batch.push(Buffer.from("ab"));
    batch.push(new TextEncoder().encode("cd"));
    batch.push(Buffer.from("e"));
    assert.deepEqual(writes, []);
    await turn();
    assert.deepEqual(writes, ["abcde"]);
    batch.push(Buffer.from("f"));
    await turn();
    assert.deepEqual(writes, ["abcde", "f"]);
  });

  it("writes at once when maxBytes are held", () => {
    const writes: number[] = [];
    const batch = createWriteBatch((bytes) => writes.push(bytes.length), 10);
    batch.push(Buffer.alloc(6));
    batch.push(Buffer.alloc(6));
    assert.deepEqual(writes, [12]);
  });

  it("take returns the held bytes and cancels the pending write", async () => {
    const writes: string[] = [];
    const batch = createWriteBatch((bytes) => writes.push(bytes.toString()), 1024);
    assert.equal(batch.take(), undefined);
    batch.push(Buffer.from("xy"));
    batch.push(Buffer.from("z"));
    assert.equal(batch.take()?.toString(), "xyz");
    await turn();
    assert.deepEqual(writes, []);
  });
});
