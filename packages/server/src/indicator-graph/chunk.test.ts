import * as assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, it } from "node:test";

import { chunkFile, GRAPH_REQUEST_DEFAULTS, validateGraphRequest } from "./chunk.js";
import { InvalidArgumentError } from "../invalid-argument-error.js";

function sha256(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(createHash("sha256").update(bytes).digest());
}

function sample(size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 31 + 7) & 0xff;
  return bytes;
}

describe("chunkFile", () => {
  for (const [size, chunkSize] of [
    [1000, 64],
    [1024, 256], // exact multiple: no empty trailing chunk
    [5, 1],
    [5, 4194304], // one chunk larger than the file
    [1, 1],
  ] as const) {
    it(`splits ${size} bytes into chunks of ${chunkSize}`, () => {
      const file = sample(size);
      const chunks = [...chunkFile(file, chunkSize)];
      assert.equal(chunks.length, Math.ceil(size / chunkSize));
      let expectedOffset = 0;
      chunks.forEach((c, i) => {
        const last = i === chunks.length - 1;
        assert.equal(c.offset, expectedOffset, "offsets are contiguous");
        assert.equal(c.totalSize, size);
        assert.equal(c.chunk.byteLength, last ? size - chunkSize * (chunks.length - 1) : chunkSize);
        assert.ok(c.chunk.byteLength > 0);
        // A view into the input, not a copy.
        assert.equal(c.chunk.buffer, file.buffer);
        assert.equal(c.chunk.byteOffset, file.byteOffset + c.offset);
        if (last) assert.deepEqual(c.sha256, sha256(file));
        else assert.equal(c.sha256, undefined);
        assert.equal("sha256" in c, last, "sha256 is absent, not undefined, before the last chunk");
        expectedOffset += c.chunk.byteLength;
      });
      assert.equal(expectedOffset, size);
      assert.deepEqual(Buffer.concat(chunks.map((c) => c.chunk)), Buffer.from(file));
    });
  }

  it("yields one empty chunk carrying the digest for an empty file", () => {
    const chunks = [...chunkFile(new Uint8Array(0), 65536)];
    assert.equal(chunks.length, 1);
    const [only] = chunks;
    assert.equal(only?.chunk.byteLength, 0);
    assert.equal(only?.offset, 0);
    assert.equal(only?.totalSize, 0);
    assert.equal(Buffer.from(only?.sha256 ?? []).toString("hex"), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  });

  it("respects a subarray's own bounds", () => {
    const whole = sample(100);
    const part = whole.subarray(10, 30);
    const chunks = [...chunkFile(part, 8)];
    assert.deepEqual(Buffer.concat(chunks.map((c) => c.chunk)), Buffer.from(part));
    assert.deepEqual(chunks.at(-1)?.sha256, sha256(part));
    assert.equal(chunks[0]?.chunk.byteOffset, 10);
  });

  it("rejects a chunk size that is not a positive integer", () => {
    for (const bad of [0, -1, 1.5, Number.NaN]) {
      assert.throws(() => [...chunkFile(sample(4), bad)], RangeError);
    }
  });
});

describe("validateGraphRequest", () => {
  const invalid = (request: { chunkSize: number; width: number; height: number }, message: string): void => {
    assert.throws(
      () => validateGraphRequest(request, GRAPH_REQUEST_DEFAULTS),
      (err: unknown) => {
        assert.ok(err instanceof InvalidArgumentError);
        assert.equal(err.message, message);
        return true;
      },
    );
  };

  it("replaces zeros with the defaults", () => {
    assert.deepEqual(validateGraphRequest({ chunkSize: 0, width: 0, height: 0 }, GRAPH_REQUEST_DEFAULTS), {
      chunkSize: 65536,
      width: 1000,
      height: 600,
    });
    assert.deepEqual(validateGraphRequest({ chunkSize: 0, width: 0, height: 0 }), {
      chunkSize: 65536,
      width: 1000,
      height: 600,
    });
    assert.deepEqual(validateGraphRequest({ chunkSize: 0, width: 0, height: 0 }, { chunkSize: 1024, width: 640, height: 480 }), {
      chunkSize: 1024,
      width: 640,
      height: 480,
    });
  });

  it("accepts the bounds themselves", () => {
    assert.deepEqual(validateGraphRequest({ chunkSize: 1, width: 100, height: 4000 }), {
      chunkSize: 1,
      width: 100,
      height: 4000,
    });
    assert.deepEqual(validateGraphRequest({ chunkSize: 4000000, width: 4000, height: 100 }), {
      chunkSize: 4000000,
      width: 4000,
      height: 100,
    });
  });

  it("rejects values outside the ranges with the exact shared messages", () => {
    invalid({ chunkSize: 4000001, width: 0, height: 0 }, "invalid chunk_size: 4000001 is outside 1..4000000");
    invalid({ chunkSize: 4294967295, width: 0, height: 0 }, "invalid chunk_size: 4294967295 is outside 1..4000000");
    invalid({ chunkSize: 0, width: 99, height: 0 }, "invalid width: 99 is outside 100..4000");
    invalid({ chunkSize: 0, width: 4001, height: 0 }, "invalid width: 4001 is outside 100..4000");
    invalid({ chunkSize: 0, width: 0, height: 1 }, "invalid height: 1 is outside 100..4000");
    invalid({ chunkSize: 0, width: 0, height: 4001 }, "invalid height: 4001 is outside 100..4000");
  });

  it("reports chunk_size first, then width, then height", () => {
    invalid({ chunkSize: 5000000, width: 1, height: 1 }, "invalid chunk_size: 5000000 is outside 1..4000000");
    invalid({ chunkSize: 0, width: 1, height: 1 }, "invalid width: 1 is outside 100..4000");
  });
});
