import { ScalarType, toBinary, type DescEnum, type DescField, type DescMessage } from "@bufbuild/protobuf";
import { reflect, type ReflectMessage } from "@bufbuild/protobuf/reflect";

/** A seeded pseudo-random source (mulberry32): the same seed gives the same sequence. */
export function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const int = (random: () => number, below: number) => Math.floor(random() * below);

/** Random bytes, 0 to `maxLength` of them. */
export function randomBytes(random: () => number, maxLength: number): Uint8Array {
  return Uint8Array.from({ length: int(random, maxLength + 1) }, () => int(random, 256));
}

/**
 * A random valid message of type `desc`, encoded: each field set or not at random, with values from the
 * edges of its type (0, -1, the extremes) and from the middle, strings of mixed scripts, nested messages
 * down to `maxDepth`. Map fields stay empty (the services under test have none).
 */
export function randomMessage(random: () => number, desc: DescMessage, maxDepth = 3): Uint8Array {
  return toBinary(desc, fill(random, desc, maxDepth).message);
}

function fill(random: () => number, desc: DescMessage, depth: number): ReflectMessage {
  const message = reflect(desc);
  for (const field of desc.fields) {
    if (random() < 0.4) continue;
    switch (field.fieldKind) {
      case "scalar":
        message.set(field, scalar(random, field));
        break;
      case "enum":
        message.set(field, enumValue(random, field.enum));
        break;
      case "message":
        if (depth > 0) message.set(field, fill(random, field.message, depth - 1));
        break;
      case "list": {
        const list = message.get(field);
        for (let i = int(random, 4); i > 0; i--) {
          if (field.listKind === "scalar") list.add(scalar(random, field));
          else if (field.listKind === "enum") list.add(enumValue(random, field.enum));
          else if (depth > 0) list.add(fill(random, field.message, depth - 1));
        }
        break;
      }
      case "map":
        break;
    }
  }
  return message;
}

const texts = ["", "a", "World", "2023-01-01", "2023-12-31", "1999-02-30", '{"a": 1}', "{", "日本語 ✓", "é\u0301", "\u{1f600}", " ", "\n", "x".repeat(300)];
const int32s = [0, 1, -1, 2147483647, -2147483648, 409146138, -746188906, 123456];
const uint32s = [0, 1, 100, 1024, 4000, 4001, 4294967295, 65536];

function scalar(random: () => number, field: DescField & { scalar: ScalarType }): unknown {
  const middle = random() < 0.5;
  switch (field.scalar) {
    case ScalarType.STRING:
      return middle ? pick(random, texts) : String.fromCodePoint(...Array.from({ length: int(random, 12) }, () => int(random, 0xd7ff)));
    case ScalarType.BYTES:
      return randomBytes(random, 32);
    case ScalarType.BOOL:
      return random() < 0.5;
    case ScalarType.INT32:
    case ScalarType.SINT32:
    case ScalarType.SFIXED32:
      return middle ? pick(random, int32s) : int(random, 2 ** 32) - 2 ** 31;
    case ScalarType.UINT32:
    case ScalarType.FIXED32:
      return middle ? pick(random, uint32s) : int(random, 2 ** 32);
    case ScalarType.FLOAT:
    case ScalarType.DOUBLE:
      return pick(random, [0, -0, 1.5, -1e30, 3.4e38, Number.NaN, Number.POSITIVE_INFINITY]);
    default: {
      // 64-bit integers: bigint, or a string when the field asks for jstype = JS_STRING.
      const signed = field.scalar === ScalarType.INT64 || field.scalar === ScalarType.SINT64 || field.scalar === ScalarType.SFIXED64;
      const value = middle ? pick(random, [0n, 1n, signed ? -1n : 2n ** 64n - 1n]) : BigInt(int(random, 2 ** 32)) * BigInt(int(random, 2 ** 31));
      return (field as { longAsString?: boolean }).longAsString === true ? value.toString() : value;
    }
  }
}

function enumValue(random: () => number, desc: DescEnum): number {
  // Mostly declared values; sometimes one the enum does not declare, which proto3 must keep.
  return random() < 0.8 ? pick(random, desc.values).number : int(random, 1000);
}
