import { toBinary } from "@bufbuild/protobuf";
import { BinaryWriter, WireType } from "@bufbuild/protobuf/wire";
import { RouteNoteSchema } from "@polyrpc/stubs";

/** Hand-made protobuf bytes that no well-behaved client sends, for the bad-input tests. */
export const crafted = {
  /** HelloRequest whose `name` (field 1) holds 0xff 0xfe: not UTF-8. */
  helloInvalidUtf8: new Uint8Array([0x0a, 0x02, 0xff, 0xfe]),
  /** RouteNote whose `message` (field 2) holds 0xc3 0x28: a lead byte without its continuation. */
  noteInvalidUtf8: new Uint8Array([0x12, 0x02, 0xc3, 0x28]),
  /** HelloRequest whose `name` promises 5 bytes and carries 1. */
  helloTruncated: new Uint8Array([0x0a, 0x05, 0x41]),
  /** Not protobuf at all: field 0 is invalid (wire type 7 too). */
  garbage: new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff]),
};

/**
 * A RouteNote at `latitude` with `message` and fields the schema does not know (numbers 15 and 1000,
 * varint and bytes): a newer client's note, which must come back from the server byte for byte.
 */
export function noteWithUnknownFields(latitude: number, message: string): Uint8Array {
  const known = toBinary(RouteNoteSchema, { $typeName: "routeguide.RouteNote", location: { $typeName: "routeguide.Point", latitude, longitude: 7 }, message });
  const unknown = new BinaryWriter()
    .tag(15, WireType.Varint)
    .uint64(1234567890123n)
    .tag(1000, WireType.LengthDelimited)
    .bytes(new Uint8Array([1, 2, 3, 0xff]))
    .finish();
  return new Uint8Array([...known, ...unknown]);
}

// Each filler entry: a tag byte (field 15, length-delimited), a one-byte length, 120 bytes of data.
const entryData = 120;
const entrySize = 1 + 1 + entryData;

/**
 * A HelloRequest of exactly `total` bytes: a short `name` and a repeated field unknown to the schema
 * (number 15), thousands of entries long, filling the rest. The name's length absorbs the remainder, so
 * any total from 3 bytes up is exact.
 */
export function hugeHelloRequest(total: number): Uint8Array {
  const entries = Math.floor((total - 3) / entrySize);
  const nameLength = total - entries * entrySize - 2; // 1..122: a one-byte length prefix
  const bytes = new Uint8Array(total);
  bytes[0] = 0x0a;
  bytes[1] = nameLength;
  bytes.fill(0x61, 2, 2 + nameLength); // "aaa..."
  for (let i = 0, at = 2 + nameLength; i < entries; i++, at += entrySize) {
    bytes[at] = (15 << 3) | WireType.LengthDelimited;
    bytes[at + 1] = entryData;
    bytes.fill(i & 0x7f, at + 2, at + entrySize);
  }
  return bytes;
}
