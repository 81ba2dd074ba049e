import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, it } from "node:test";
import { ChunkError, reassembleChunks, type FileChunk } from "./reassemble-chunks.js";

const file = Buffer.from("0123456789abcdefghij"); // 20 bytes
const sha = createHash("sha256").update(file).digest();

/** The file in `size`-byte chunks, as the server sends them: sha256 on the last one only. */
function chunksOf(data: Buffer, size: number, digest: Uint8Array = sha): FileChunk[] {
  const chunks: FileChunk[] = [];
  for (let at = 0; at < data.length; at += size) {
    const last = at + size >= data.length;
    chunks.push({ macdChunk: data.subarray(at, at + size), offset: BigInt(at), totalSize: BigInt(data.length), sha256: last ? digest : new Uint8Array() });
  }
  return chunks;
}

async function rejection(chunks: Iterable<FileChunk>): Promise<string> {
  try {
    await reassembleChunks(chunks);
  } catch (e) {
    assert.ok(e instanceof ChunkError, String(e));
    return e.message;
  }
  assert.fail("the chunks were accepted");
}

describe("reassembleChunks", () => {
  it("joins chunks in order into the file", async () => {
    assert.deepEqual(Buffer.from(await reassembleChunks(chunksOf(file, 7))), file);
    async function* streamed() {
      yield* chunksOf(file, 3);
    }
    assert.deepEqual(Buffer.from(await reassembleChunks(streamed())), file);
  });

  it("rejects chunks out of order, naming the chunk and the offsets", async () => {
    const [a, b, c] = chunksOf(file, 7);
    assert.equal(await rejection([a!, c!, b!]), "chunk 1 starts at offset 14, expected 7 (out of order, repeated or missing)");
  });

  it("rejects a repeated and a missing chunk", async () => {
    const [a, b, c] = chunksOf(file, 7);
    assert.equal(await rejection([a!, a!, b!, c!]), "chunk 1 starts at offset 0, expected 7 (out of order, repeated or missing)");
    assert.equal(await rejection([a!, b!]), "received 14 of 20 bytes");
  });

  it("rejects a checksum mismatch: one flipped byte in the data", async () => {
    const tampered = Buffer.from(file);
    tampered[5]! ^= 1;
    assert.match(await rejection(chunksOf(tampered, 7, sha)), /^sha256 mismatch: the stream said [0-9a-f]{64}, the data hashes to [0-9a-f]{64}$/);
  });

  it("rejects a stream without a sha256, a changing total_size and data past total_size", async () => {
    assert.equal(await rejection(chunksOf(file, 7, new Uint8Array())), "no sha256 in the stream: the file cannot be verified");
    const [a, b, c] = chunksOf(file, 7);
    assert.equal(await rejection([a!, { ...b!, totalSize: 30n }, c!]), "chunk 1 says total_size 30, earlier chunks said 20");
    assert.equal(await rejection([{ ...a!, totalSize: 5n }]), "chunk 0 ends at 7, past total_size 5");
  });
});
