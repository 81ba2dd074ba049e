import { ScalarType, type DescField, type DescMessage, type MessageShape } from "@bufbuild/protobuf";
import { BinaryReader, WireType } from "@bufbuild/protobuf/wire";
import { status, type ServiceError } from "@grpc/grpc-js";
import { RpcError } from "./rpc-error.js";
import { createDeserializer } from "./serialization.js";

/**
 * What the server's request deserializer hands grpc-js for bytes that are not a valid message: the status
 * to answer with. The handler adapters answer it instead of calling the handler (internal).
 *
 * Why not throw: grpc-js answers a throwing deserializer with INTERNAL "Error deserializing request" and
 * drops the reason, so a client could not tell which field was wrong.
 */
export class UndecodableRequest {
  constructor(readonly error: RpcError) {}

  /** The status as grpc-js sends it. */
  toServiceError(): Partial<ServiceError> {
    return { code: this.error.code, details: this.error.message };
  }
}

/**
 * A request deserializer that never throws: a valid message, or an {@link UndecodableRequest} carrying
 * INTERNAL (what gRPC prescribes for a request that does not parse, and what grpcio answers) with a
 * message naming the problem. The decode itself is the one of `createDeserializer`; the failure is
 * examined only when it happens, so valid requests pay nothing for the explanation.
 */
export function createRequestDeserializer<Desc extends DescMessage>(schema: Desc): (bytes: Buffer) => MessageShape<Desc> | UndecodableRequest {
  const decode = createDeserializer(schema);
  return (bytes) => {
    try {
      return decode(bytes);
    } catch (cause) {
      return new UndecodableRequest(describeDecodeError(schema, bytes, cause));
    }
  };
}

/**
 * The INTERNAL error for bytes that `schema` could not decode: `invalid request: string field
 * <message>.<field> is not valid UTF-8` when a string field holds invalid UTF-8 (protobuf-es rejects it
 * for proto3, as grpcio does, but its TypeError names no field), else `invalid request: cannot decode
 * <message>: <protobuf-es's reason>` (truncated data, a bad wire type, ...).
 */
export function describeDecodeError(schema: DescMessage, bytes: Uint8Array, cause: unknown): RpcError {
  const field = findInvalidUtf8(schema, bytes, 0);
  const problem =
    field !== undefined
      ? `string field ${field} is not valid UTF-8`
      : `cannot decode ${schema.typeName}: ${cause instanceof Error ? cause.message : String(cause)}`;
  return new RpcError(status.INTERNAL, `invalid request: ${problem}`, undefined, { cause });
}

const utf8 = new TextDecoder("utf-8", { fatal: true });
// protobuf-es's own nesting limit; deeper data fails to decode anyway.
const maxDepth = 100;

/** The first string field (as `message.field`) whose bytes are not UTF-8, searching nested messages too. */
function findInvalidUtf8(schema: DescMessage, bytes: Uint8Array, depth: number): string | undefined {
  if (depth > maxDepth) return undefined;
  const reader = new BinaryReader(bytes);
  try {
    while (reader.pos < reader.len) {
      const [number, wireType] = reader.tag();
      const field = schema.fields.find((f) => f.number === number);
      if (field === undefined || wireType !== WireType.LengthDelimited) {
        reader.skip(wireType, number);
        continue;
      }
      const found = checkField(schema, field, reader.bytes(), depth);
      if (found !== undefined) return found;
    }
  } catch {
    // Truncated or malformed past this point: report what was found before it, which is nothing.
  }
  return undefined;
}

function checkField(schema: DescMessage, field: DescField, data: Uint8Array, depth: number): string | undefined {
  const message = field.fieldKind === "message" || (field.fieldKind === "list" && field.listKind === "message") ? field.message : undefined;
  if (message !== undefined) return findInvalidUtf8(message, data, depth + 1);
  const isString = (field.fieldKind === "scalar" || (field.fieldKind === "list" && field.listKind === "scalar")) && field.scalar === ScalarType.STRING;
  if (isString && !isUtf8(data)) return `${schema.typeName}.${field.name}`;
  return undefined;
}

function isUtf8(data: Uint8Array): boolean {
  try {
    utf8.decode(data);
    return true;
  } catch {
    return false;
  }
}
