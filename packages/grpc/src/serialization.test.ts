import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { DownloadResponseSchema, MACDGraphReplySchema, PointSchema } from "@polyrpc/stubs";
import { createDeserializer, createSerializer, LARGE_BYTES_THRESHOLD } from "./serialization.js";

function bytes(n: number, seed: number): Uint8Array {
  return Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff);
}

describe("createSerializer", () => {
  const graph = createSerializer(MACDGraphReplySchema);

  it("writes exactly toBinary's bytes when large bytes fields take the direct path", () => {
    for (const [chunk, sha] of [
      [LARGE_BYTES_THRESHOLD, 0],
      [65536, 32],
      [1_000_000, LARGE_BYTES_THRESHOLD + 1],
      [65536, 0],
      [0, 4096],
      [100, 40_000],
    ] as const) {
      const message = create(MACDGraphReplySchema, { macdChunk: bytes(chunk, 1), offset: 123456789n, totalSize: 18446744073709551615n, sha256: bytes(sha, 7) });
      const out = graph(message);
      assert.ok(Buffer.isBuffer(out));
      assert.deepEqual(new Uint8Array(out), toBinary(MACDGraphReplySchema, message), `chunk ${chunk}, sha256 ${sha}`);
      assert.deepEqual(fromBinary(MACDGraphReplySchema, new Uint8Array(out)), message);
    }
  });

  it("takes init shapes as well as messages, and large fields alone", () => {
    const out = createSerializer(DownloadResponseSchema)({ chunk: bytes(70_000, 3) });
    assert.equal(out.byteLength, 1 + 3 + 70_000, "tag, 3-byte length, payload");
    assert.deepEqual(new Uint8Array(out), toBinary(DownloadResponseSchema, create(DownloadResponseSchema, { chunk: bytes(70_000, 3) })));
  });

  it("keeps unknown fields, after the known ones, as toBinary does", () => {
    const message = create(MACDGraphReplySchema, { macdChunk: bytes(4096, 5), offset: 9n });
    message.$unknown = [{ no: 3000, wireType: 2, data: new Uint8Array([3, 1, 2, 3]) }];
    assert.deepEqual(new Uint8Array(graph(message)), toBinary(MACDGraphReplySchema, message));
  });

  it("encodes messages without bytes fields as toBinary does, and reads them back", () => {
    const point = createSerializer(PointSchema)({ latitude: 409146138, longitude: -746188906 });
    assert.deepEqual(createDeserializer(PointSchema)(point), create(PointSchema, { latitude: 409146138, longitude: -746188906 }));
  });
});
