import {
  create,
  isMessage,
  fromBinary,
  ScalarType,
  toBinary,
  type DescField,
  type DescMessage,
  type MessageInitShape,
  type MessageShape,
} from "@bufbuild/protobuf";
import { BinaryReader } from "@bufbuild/protobuf/wire";

/** google.protobuf.FeatureSet.FieldPresence.IMPLICIT: proto3 scalars, which are not written when empty. */
const IMPLICIT = 2;
/** Wire type of length-delimited fields. */
const LENGTH_DELIMITED = 2;

/**
 * `bytes` values at least this long are written by the bridge itself, into a buffer of the exact size.
 *
 * Why: protobuf-es's `toBinary` encodes into one buffer that starts at 128 bytes and doubles, each time a
 * new zero-filled array plus a copy, and ends with another copy (`slice`). For a 64 KiB file chunk that is
 * ten allocations and about 4× the payload in bytes copied or zeroed, per message. Below this size the growth costs less than splitting the message.
 */
export const LARGE_BYTES_THRESHOLD = 512;

/** Messages up to this size are encoded into the shared output buffer (see {@link SerializerOptions}). */
export const SHARED_OUTPUT_MAX_BYTES = 1024 * 1024;

export interface SerializerOptions {
  /**
   * Encode bytes-only and large-`bytes` messages of up to {@link SHARED_OUTPUT_MAX_BYTES} into one buffer
   * shared by every serializer made with this option, and return a view of it that is valid only until
   * the next such call. For grpc-js server responses only: the grpc-js server copies the serialized
   * message into its gRPC frame before `serializeMessage` returns (grpc-js 1.14, server-interceptors),
   * so it never keeps the view; its client does keep request buffers (for retries), so requests never
   * use this.
   *
   * Why: a 64 KiB file chunk otherwise costs two fresh 64 KiB allocations per message (ours and grpc-js's
   * frame), both outside the JS heap: V8 reclaims them with full mark-compacts, and glibc maps and trims
   * the memory again between them (page faults). Saving one of the two is most of what keeps the bridge's
   * CPU per MiB on large chunks close to raw grpc-js's.
   */
  sharedOutput?: boolean;
}

let sharedOutput = Buffer.allocUnsafe(0);

/** A buffer of exactly `size` bytes for an encoded message: a view of the shared one, or a new one. */
function outputBuffer(size: number, shared: boolean): Buffer {
  if (!shared || size > SHARED_OUTPUT_MAX_BYTES) return Buffer.allocUnsafe(size);
  if (sharedOutput.byteLength < size) sharedOutput = Buffer.allocUnsafeSlow(Math.max(size, Math.min(2 * sharedOutput.byteLength, SHARED_OUTPUT_MAX_BYTES)));
  return sharedOutput.subarray(0, size);
}

/**
 * grpc-js serializer for a message type: protobuf-es binary encoding, handed over as a Buffer that views
 * the encoder's bytes (no copy). Accepts init shapes too, so handlers and callers may pass plain objects.
 * Large singular `bytes` fields (file chunks) are copied once, straight into the output.
 */
export function createSerializer<Desc extends DescMessage>(schema: Desc, options: SerializerOptions = {}): (value: MessageInitShape<Desc>) => Buffer {
  const shared = options.sharedOutput === true;
  // Only singular proto3 bytes fields outside oneofs: an empty value there is simply not written, so
  // protobuf-es can encode the rest of the message with the field emptied.
  const bytesFields = schema.fields.filter(isPlainBytesField).sort((a, b) => a.number - b.number);
  // Messages made of such fields only (chunks, payloads) need no protobuf-es at all: see encodeBytesOnly.
  const bytesOnly =
    bytesFields.length > 0 && bytesFields.length === schema.fields.length
      ? bytesFields.map((field) => ({ name: field.localName, tag: tagBytes(field) }))
      : undefined;
  return (value) => {
    if (bytesOnly !== undefined && typeof value === "object" && value !== null) {
      const direct = encodeBytesOnly(schema, value as Record<string, unknown>, bytesOnly, shared);
      if (direct !== undefined) return direct;
    }
    const message = isMessage(value, schema) ? value : create(schema, value);
    if (bytesFields.length > 0) {
      const fast = encodeWithLargeBytes(schema, message, bytesFields, shared);
      if (fast !== undefined) return fast;
    }
    const bytes = toBinary(schema, message);
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  };
}

const EMPTY = new Uint8Array(0);

/** A singular proto3 `bytes` field outside oneofs: not written when empty, written once otherwise. */
function isPlainBytesField(field: DescField): boolean {
  return field.fieldKind === "scalar" && field.scalar === ScalarType.BYTES && field.oneof === undefined && (field.presence as number) === IMPLICIT;
}

/** The encoded tag of a length-delimited field. */
function tagBytes(field: DescField): Uint8Array {
  const tag = new Uint8Array(varintSize(field.number * 8 + LENGTH_DELIMITED));
  writeVarint(tag, 0, field.number * 8 + LENGTH_DELIMITED);
  return tag;
}

/**
 * Encodes a message whose fields are all singular proto3 `bytes` straight into one exactly sized buffer:
 * each non-empty field as tag, length, data, in field-number order, which is byte for byte `toBinary`'s
 * output. Takes a message or an init shape as it is, without `create()`.
 *
 * Why: such messages (a payload, a file chunk) are what a stream sends per message, and for them
 * `create()` plus the reflective `toBinary` are most of the serializer's time per message on
 * small-chunk and ping-pong streams. Returns undefined (the general path)
 * for anything else: unknown fields, a message of another type, a field that is not a Uint8Array.
 */
function encodeBytesOnly(
  schema: DescMessage,
  record: Record<string, unknown>,
  fields: readonly { name: string; tag: Uint8Array }[],
  shared: boolean,
): Buffer | undefined {
  if (record.$unknown !== undefined || (record.$typeName !== undefined && record.$typeName !== schema.typeName)) return undefined;
  // Indexed loops and the tag copied byte by byte, not for-of with destructuring and `set()` of a
  // one-byte tag: on a message this small the iterator, the destructuring and the call cost more than the copy.
  let size = 0;
  for (let i = 0; i < fields.length; i++) {
    const data = record[fields[i]!.name];
    if (data === undefined) continue;
    if (!(data instanceof Uint8Array)) return undefined;
    const length = data.byteLength;
    if (length > 0) size += fields[i]!.tag.length + varintSize(length) + length;
  }
  const out = outputBuffer(size, shared);
  let pos = 0;
  for (let i = 0; i < fields.length; i++) {
    const { name, tag } = fields[i]!;
    const data = record[name] as Uint8Array | undefined;
    if (data === undefined || data.byteLength === 0) continue;
    for (let t = 0; t < tag.length; t++) out[pos++] = tag[t]!;
    pos = writeVarint(out, pos, data.byteLength);
    out.set(data, pos);
    pos += data.byteLength;
  }
  return out;
}

/**
 * Encodes `message` with its large `bytes` fields written directly into an exactly sized buffer, in
 * field-number order, so the output is byte for byte what `toBinary` gives. Returns undefined (use
 * `toBinary`) when no field is large, or the message is not a plain object without unknown fields.
 */
function encodeWithLargeBytes(schema: DescMessage, message: MessageShape<DescMessage>, candidates: readonly DescField[], shared: boolean): Buffer | undefined {
  const record = message as unknown as Record<string, unknown>;
  let large: { field: DescField; data: Uint8Array }[] | undefined;
  for (const field of candidates) {
    const data = record[field.localName];
    if (data instanceof Uint8Array && data.byteLength >= LARGE_BYTES_THRESHOLD) (large ??= []).push({ field, data });
  }
  // Unknown fields are written after the known ones, out of number order; prototypes (proto2 defaults)
  // would not survive the shallow copy below.
  if (large === undefined || message.$unknown !== undefined || Object.getPrototypeOf(message) !== Object.prototype) return undefined;

  const rest: Record<string, unknown> = { ...record };
  let size = 0;
  for (const { field, data } of large) {
    rest[field.localName] = EMPTY;
    size += varintSize(field.number * 8 + LENGTH_DELIMITED) + varintSize(data.byteLength) + data.byteLength;
  }
  const restBytes = toBinary(schema, rest as MessageShape<DescMessage>);
  const out = outputBuffer(size + restBytes.byteLength, shared);
  // Walk the other fields (already in number order) and put each large field before the first field
  // with a higher number.
  const reader = new BinaryReader(restBytes);
  let pos = 0;
  let copied = 0;
  let next = 0;
  while (next < large.length) {
    const start = reader.pos;
    const fieldNo = start < restBytes.byteLength ? peekFieldNumber(reader) : Number.POSITIVE_INFINITY;
    while (next < large.length && large[next]!.field.number < fieldNo) {
      out.set(restBytes.subarray(copied, start), pos);
      pos += start - copied;
      copied = start;
      const { field, data } = large[next++]!;
      pos = writeVarint(out, pos, field.number * 8 + LENGTH_DELIMITED);
      pos = writeVarint(out, pos, data.byteLength);
      out.set(data, pos);
      pos += data.byteLength;
    }
    if (start >= restBytes.byteLength) break;
    const [, wireType] = reader.tag();
    reader.skip(wireType);
  }
  out.set(restBytes.subarray(copied), pos);
  return out;
}

/** The field number of the tag at the reader's position, leaving the position where it was. */
function peekFieldNumber(reader: BinaryReader): number {
  const at = reader.pos;
  const [fieldNo] = reader.tag();
  reader.pos = at;
  return fieldNo;
}

function varintSize(n: number): number {
  let size = 1;
  while (n > 0x7f) {
    n >>>= 7;
    size++;
  }
  return size;
}

function writeVarint(out: Uint8Array, pos: number, n: number): number {
  while (n > 0x7f) {
    out[pos++] = (n & 0x7f) | 0x80;
    n >>>= 7;
  }
  out[pos++] = n;
  return pos;
}

/**
 * grpc-js deserializer for a message type. A Buffer is a Uint8Array, so protobuf-es reads it directly;
 * `bytes` fields come back as views into the received frame.
 */
export function createDeserializer<Desc extends DescMessage>(schema: Desc): (bytes: Buffer) => MessageShape<Desc> {
  const byNumber = new Map<number, string>();
  for (const field of schema.fields) if (isPlainBytesField(field)) byNumber.set(field.number, field.localName);
  if (byNumber.size === 0 || byNumber.size !== schema.fields.length) return (bytes) => fromBinary(schema, bytes);
  return (bytes) => decodeBytesOnly(schema, bytes, byNumber) ?? fromBinary(schema, bytes);
}

/**
 * Decodes a message whose fields are all singular proto3 `bytes` without protobuf-es's reader: the
 * message from `create()`, each field a view into `bytes` (a Buffer, as `fromBinary` gives), the last
 * occurrence winning. Returns undefined (use `fromBinary`, which also reports malformed input) at
 * anything else: an unknown field, another wire type, a truncated varint or length.
 *
 * Why: `fromBinary` makes a `BinaryReader` (with a DataView) per message, which for a small message costs
 * about as much as the decoding itself. Exported for its tests, which
 * must tell its answer from the `fromBinary` fallback; not part of the package's API.
 */
export function decodeBytesOnly<Desc extends DescMessage>(schema: Desc, bytes: Buffer, byNumber: ReadonlyMap<number, string>): MessageShape<Desc> | undefined {
  const message = create(schema) as unknown as Record<string, unknown>;
  const end = bytes.byteLength;
  let pos = 0;
  while (pos < end) {
    pos = readVarint(bytes, pos, end);
    if (pos < 0 || varint % 8 !== LENGTH_DELIMITED) return undefined;
    const name = byNumber.get(Math.floor(varint / 8));
    if (name === undefined) return undefined;
    pos = readVarint(bytes, pos, end);
    if (pos < 0 || pos + varint > end) return undefined;
    message[name] = bytes.subarray(pos, pos + varint);
    pos += varint;
  }
  return message as unknown as MessageShape<Desc>;
}

/** The value of the varint {@link readVarint} read last. */
let varint = 0;

/**
 * Reads a varint of at most 5 bytes (tags, lengths) at `pos` into {@link varint} and returns the position
 * after it, or -1 if it runs past `end` or is longer.
 *
 * Why a module variable and not a `{ value, pos }` result: that is an allocation per tag and per length, a
 * large share of decoding a small message; nothing runs between the read and the use.
 */
function readVarint(bytes: Uint8Array, pos: number, end: number): number {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < 5; i++) {
    if (pos >= end) return -1;
    const b = bytes[pos++]!;
    value += (b & 0x7f) * scale;
    if (b < 0x80) {
      varint = value;
      return pos;
    }
    scale *= 128;
  }
  return -1;
}
