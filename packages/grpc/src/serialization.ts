import { create, fromBinary, isMessage, toBinary, type DescMessage, type MessageInitShape, type MessageShape } from "@bufbuild/protobuf";

/**
 * grpc-js serializer for a message type: protobuf-es binary encoding, handed over as a Buffer that views
 * the encoder's bytes (no copy). Accepts init shapes too, so handlers and callers may pass plain objects.
 */
export function createSerializer<Desc extends DescMessage>(schema: Desc): (value: MessageInitShape<Desc>) => Buffer {
  return (value) => {
    const message = isMessage(value, schema) ? value : create(schema, value);
    const bytes = toBinary(schema, message);
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  };
}

/**
 * grpc-js deserializer for a message type. A Buffer is a Uint8Array, so protobuf-es reads it directly;
 * `bytes` fields come back as views into the received frame.
 */
export function createDeserializer<Desc extends DescMessage>(schema: Desc): (bytes: Buffer) => MessageShape<Desc> {
  return (bytes) => fromBinary(schema, bytes);
}
