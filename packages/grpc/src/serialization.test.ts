import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { create, createFileRegistry, fromBinary, toBinary, type DescMessage, type Message } from "@bufbuild/protobuf";
import { FieldDescriptorProto_Label, FieldDescriptorProto_Type, FileDescriptorProtoSchema } from "@bufbuild/protobuf/wkt";
import type { GenMessage } from "@bufbuild/protobuf/codegenv2";
import { HelloReplySchema, MACDGraphReplySchema, PointSchema } from "@polyrpc/stubs";
import { createDeserializer, createSerializer, decodeBytesOnly, LARGE_BYTES_THRESHOLD, SHARED_OUTPUT_MAX_BYTES } from "./serialization.js";

function bytes(n: number, seed: number): Uint8Array {
  return Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff);
}

/**
 * A message whose only field is `bytes chunk = 1`, the shape of a download's chunk. No published stub has
 * exactly this shape, so the test builds it.
 */
const ChunkSchema = createFileRegistry(
  create(FileDescriptorProtoSchema, {
    name: "chunk.proto",
    package: "test",
    syntax: "proto3",
    messageType: [
      {
        name: "Chunk",
        field: [{ name: "chunk", number: 1, type: FieldDescriptorProto_Type.BYTES, label: FieldDescriptorProto_Label.OPTIONAL, jsonName: "chunk" }],
      },
    ],
  }),
  () => undefined,
).getMessage("test.Chunk") as GenMessage<Message<"test.Chunk"> & { chunk: Uint8Array }>;

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
    const out = createSerializer(ChunkSchema)({ chunk: bytes(70_000, 3) });
    assert.equal(out.byteLength, 1 + 3 + 70_000, "tag, 3-byte length, payload");
    assert.deepEqual(new Uint8Array(out), toBinary(ChunkSchema, create(ChunkSchema, { chunk: bytes(70_000, 3) })));
  });

  it("writes messages of bytes fields only as toBinary does, from messages and init shapes of any size", () => {
    const chunk = createSerializer(ChunkSchema);
    for (const n of [0, 1, 32, 127, 128, LARGE_BYTES_THRESHOLD - 1, 1024, 16_384, 2_097_152]) {
      const message = create(ChunkSchema, { chunk: bytes(n, n) });
      const expected = toBinary(ChunkSchema, message);
      assert.deepEqual(new Uint8Array(chunk(message)), expected, `message, ${n} bytes`);
      assert.deepEqual(new Uint8Array(chunk({ chunk: bytes(n, n) })), expected, `init shape, ${n} bytes`);
    }
    assert.equal(chunk({}).byteLength, 0, "an empty init shape is an empty message");
    assert.equal(chunk(undefined as never).byteLength, 0, "so is no value at all, as create() makes it");
    const sub = bytes(3000, 9).subarray(1000, 1500);
    assert.deepEqual(new Uint8Array(chunk({ chunk: sub })), toBinary(ChunkSchema, create(ChunkSchema, { chunk: sub })), "a view into a larger buffer");
  });

  it("with sharedOutput, writes toBinary's bytes into one buffer that the next message reuses, up to its size limit", () => {
    const chunks = createSerializer(ChunkSchema, { sharedOutput: true });
    const graphs = createSerializer(MACDGraphReplySchema, { sharedOutput: true });
    const graph = create(MACDGraphReplySchema, { macdChunk: bytes(65536, 2), offset: 7n, sha256: bytes(32, 3) });
    const first = graphs(graph);
    assert.deepEqual(new Uint8Array(first), toBinary(MACDGraphReplySchema, graph), "large-bytes path");
    const chunk = create(ChunkSchema, { chunk: bytes(65536, 1) });
    const second = chunks({ chunk: chunk.chunk });
    assert.deepEqual(new Uint8Array(second), toBinary(ChunkSchema, chunk), "bytes-only path");
    assert.ok(second.buffer === first.buffer, "every serializer with the option shares one buffer");
    assert.ok(first.subarray(0, 8).equals(second.subarray(0, 8)), "so the first view now holds the second message");
    const big = chunks({ chunk: bytes(SHARED_OUTPUT_MAX_BYTES, 4) });
    assert.ok(big.buffer !== first.buffer, "a message over the limit gets its own buffer");
    assert.ok(createSerializer(ChunkSchema)({ chunk: bytes(10, 5) }).buffer !== first.buffer, "without the option, never the shared one");
  });

  it("leaves bytes-only messages with unknown fields or of another type to protobuf-es", () => {
    const chunk = createSerializer(ChunkSchema);
    const message = create(ChunkSchema, { chunk: bytes(40, 2) });
    message.$unknown = [{ no: 9, wireType: 0, data: new Uint8Array([150, 1]) }];
    const withUnknown = chunk(message);
    assert.deepEqual(new Uint8Array(withUnknown), toBinary(ChunkSchema, message));
    assert.deepEqual(fromBinary(ChunkSchema, new Uint8Array(withUnknown)).$unknown, message.$unknown);
    // A message of another type is treated as an init shape, as create() does: its `chunk` is not read.
    const other = create(HelloReplySchema, { message: "hi" });
    assert.deepEqual(new Uint8Array(chunk(other as never)), toBinary(ChunkSchema, create(ChunkSchema, other as never)));
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

describe("createDeserializer", () => {
  const chunk = createDeserializer(ChunkSchema);
  const byNumber = new Map([[1, "chunk"]]);
  const frame = (...parts: number[][]) => Buffer.from(parts.flat());

  it("reads bytes-only messages as fromBinary does: views into the frame, the last occurrence winning", () => {
    for (const input of [
      frame(),
      frame([0x0a, 0]),
      frame([0x0a, 3, 1, 2, 3]),
      frame([0x0a, 2, 9, 9], [0x0a, 1, 7]),
      frame(
        [0x0a, 0x80 | 72, 1],
        Array.from({ length: 200 }, (_, i) => i),
      ), // a two-byte length
      frame([0x8a, 0x00, 2, 5, 6]), // the tag written in two bytes (not minimal, still valid)
      frame([0x0a, 0x83, 0x80, 0x00, 1, 2, 3]), // the length written in three bytes
      Buffer.from(toBinary(ChunkSchema, create(ChunkSchema, { chunk: bytes(70_000, 4) }))),
    ]) {
      const got = chunk(input);
      assert.deepEqual(got, fromBinary(ChunkSchema, input), `input ${input.toString("hex", 0, 8)}…, ${input.byteLength} bytes`);
      if (got.chunk.byteLength > 0) assert.equal(got.chunk.buffer, input.buffer, "a view, not a copy");
      // Read by the bridge itself, not by the fromBinary fallback, which would hide a misread.
      assert.deepEqual(decodeBytesOnly(ChunkSchema, input, byNumber), got, `fast path for ${input.toString("hex", 0, 8)}…`);
    }
  });

  it("hands unknown fields, other wire types and truncated varints or lengths to the fallback", () => {
    for (const input of [
      frame([0x12, 1, 5]),
      frame([0x08, 1]),
      frame([0x0a, 0x80]),
      frame([0x0a, 5, 1, 2]),
      frame([0x0a, 3, 1, 2]),
      frame([0x0a]),
      frame([0x8a]),
    ]) {
      assert.equal(decodeBytesOnly(ChunkSchema, input, byNumber), undefined, `input ${input.toString("hex")}`);
    }
  });

  it("leaves unknown fields and malformed input to fromBinary, which keeps or rejects them", () => {
    const unknown = frame([0x0a, 1, 5], [0x10, 0x96, 0x01], [0x1a, 1, 6]);
    assert.deepEqual(chunk(unknown), fromBinary(ChunkSchema, unknown));
    assert.equal(chunk(unknown).$unknown?.length, 2, "field 2 (varint) and field 3 (bytes) are unknown fields");
    for (const bad of [frame([0x0a, 5, 1, 2]), frame([0x0a]), frame([0x0a, 0x80])]) {
      assert.throws(() => chunk(bad), /premature EOF|invalid|out of range/i, `input ${bad.toString("hex")}`);
    }
  });
});

describe("bytes-only messages with several fields and multi-byte tags", () => {
  // No stub has one (chunks and payloads are field 1), so the test builds it: fields 1, 20 and 300,
  // whose tags take one, two and two bytes.
  const file = create(FileDescriptorProtoSchema, {
    name: "wide.proto",
    package: "test",
    syntax: "proto3",
    messageType: [
      {
        name: "Wide",
        field: [
          { name: "a", number: 1, type: FieldDescriptorProto_Type.BYTES, label: FieldDescriptorProto_Label.OPTIONAL, jsonName: "a" },
          { name: "b", number: 20, type: FieldDescriptorProto_Type.BYTES, label: FieldDescriptorProto_Label.OPTIONAL, jsonName: "b" },
          { name: "c", number: 300, type: FieldDescriptorProto_Type.BYTES, label: FieldDescriptorProto_Label.OPTIONAL, jsonName: "c" },
        ],
      },
    ],
  });
  const Wide = createFileRegistry(file, () => undefined).getMessage("test.Wide") as DescMessage;
  const encode = createSerializer(Wide);
  const decode = createDeserializer(Wide);

  it("encodes as toBinary and decodes as fromBinary, on the bridge's own paths", () => {
    for (const [a, b, c] of [
      [0, 0, 0],
      [3, 0, 0],
      [0, 130, 0],
      [1, 2, 3],
      [200, 0, 70_000],
    ]) {
      const init = { a: bytes(a!, 1), b: bytes(b!, 2), c: bytes(c!, 3) };
      const expected = toBinary(Wide, create(Wide, init));
      const wire = encode(init);
      assert.deepEqual(new Uint8Array(wire), expected, `encode ${a}/${b}/${c}`);
      const byNumber = new Map([
        [1, "a"],
        [20, "b"],
        [300, "c"],
      ]);
      assert.deepEqual(decodeBytesOnly(Wide, wire, byNumber), fromBinary(Wide, wire), `fast decode ${a}/${b}/${c}`);
      assert.deepEqual(decode(wire), fromBinary(Wide, wire), `decode ${a}/${b}/${c}`);
    }
  });
});
