import { toJson, type DescEnum, type DescField, type DescMessage, type Message, type Registry, ScalarType } from "@bufbuild/protobuf";
import { anyUnpack, type Any } from "@bufbuild/protobuf/wkt";

/** One field whose value differs between two outcomes. */
export interface Difference {
  /**
   * Where the values differ, in proto3 JSON names: `responses[0].location.latitude`, `status`,
   * `details[0].fieldViolations[1].field`, `responses[2].stock["apples"]`, `responses[0].<unknown fields>`.
   */
  path: string;
  /** The value the reference (or the expectation) has, printed for people: JSON-like, bigint exact. */
  expected: string;
  /** The value the compared outcome has, printed the same way. */
  actual: string;
}

/**
 * Compares two messages of `schema` field by field, as values, and appends every difference to `out`
 * with paths starting at `path`.
 *
 * Rules (docs/interop-cases.md repeats them): numbers compare with `Object.is`, so NaN equals NaN and
 * -0 differs from +0 (the sign of zero survives the wire and JSON, and a port that loses it changes
 * results); 64-bit integers compare as exact bigints; bytes byte for byte; an unset optional field
 * differs from one set to its default; lists compare their lengths, then item by item; maps key by key;
 * a oneof compares which field is set, then its value; google.protobuf.Any compares its type URL and then
 * the unpacked messages when `registry` knows the type, else the bytes; unknown fields compare as their
 * field numbers, wire types and bytes, in order.
 */
export function compareMessages(schema: DescMessage, expected: Message, actual: Message, path: string, out: Difference[], registry?: Registry): void {
  const a = expected as unknown as Record<string, unknown>;
  const b = actual as unknown as Record<string, unknown>;
  if (schema.typeName === "google.protobuf.Any" && registry !== undefined) {
    const anyA = expected as Any;
    const anyB = actual as Any;
    if (anyA.typeUrl !== anyB.typeUrl) {
      out.push({ path: join(path, "@type"), expected: JSON.stringify(anyA.typeUrl), actual: JSON.stringify(anyB.typeUrl) });
      return;
    }
    const typeName = anyA.typeUrl.slice(anyA.typeUrl.lastIndexOf("/") + 1);
    const inner = registry.getMessage(typeName);
    if (inner !== undefined) {
      let unpackedA: Message | undefined;
      let unpackedB: Message | undefined;
      try {
        unpackedA = anyUnpack(anyA, registry);
        unpackedB = anyUnpack(anyB, registry);
      } catch {
        // Bytes that do not decode as the named type are compared as bytes below.
      }
      if (unpackedA !== undefined && unpackedB !== undefined) {
        compareMessages(inner, unpackedA, unpackedB, path, out, registry);
        return;
      }
    }
  }
  for (const member of schema.members) {
    if (member.kind === "oneof") {
      const oa = a[member.localName] as { case: string | undefined; value?: unknown };
      const ob = b[member.localName] as { case: string | undefined; value?: unknown };
      if (oa.case !== ob.case) {
        const field = (c: string | undefined) => member.fields.find((f) => f.localName === c);
        out.push({ path: join(path, member.name), expected: oneofText(field(oa.case), oa.value), actual: oneofText(field(ob.case), ob.value) });
        continue;
      }
      const field = member.fields.find((f) => f.localName === oa.case);
      if (field !== undefined) compareField(field, oa.value, ob.value, join(path, field.jsonName), out, registry);
      continue;
    }
    compareField(member, a[member.localName], b[member.localName], join(path, member.jsonName), out, registry);
  }
  const ua = unknownText(expected);
  const ub = unknownText(actual);
  if (ua !== ub) out.push({ path: join(path, "<unknown fields>"), expected: ua, actual: ub });
}

function compareField(field: DescField, a: unknown, b: unknown, path: string, out: Difference[], registry: Registry | undefined): void {
  switch (field.fieldKind) {
    case "list": {
      const la = (a ?? []) as unknown[];
      const lb = (b ?? []) as unknown[];
      if (la.length !== lb.length) out.push({ path: `${path}.length`, expected: String(la.length), actual: String(lb.length) });
      for (let i = 0; i < Math.min(la.length, lb.length); i++) {
        if (field.listKind === "message") compareMessages(field.message, la[i] as Message, lb[i] as Message, `${path}[${i}]`, out, registry);
        else compareScalar(field.scalar, la[i], lb[i], `${path}[${i}]`, out, field.enum);
      }
      return;
    }
    case "map": {
      const ma = (a ?? {}) as Record<string, unknown>;
      const mb = (b ?? {}) as Record<string, unknown>;
      const keys = [...new Set([...Object.keys(ma), ...Object.keys(mb)])].sort();
      for (const key of keys) {
        const keyPath = `${path}[${JSON.stringify(key)}]`;
        if (!(key in ma) || !(key in mb)) {
          const text = (v: unknown) => (field.mapKind === "message" ? messageText(field.message, v, registry) : valueText(v, field.enum));
          out.push({ path: keyPath, expected: key in ma ? text(ma[key]) : "(no entry)", actual: key in mb ? text(mb[key]) : "(no entry)" });
        } else if (field.mapKind === "message") compareMessages(field.message, ma[key] as Message, mb[key] as Message, keyPath, out, registry);
        else compareScalar(field.scalar, ma[key], mb[key], keyPath, out, field.enum);
      }
      return;
    }
    case "message":
      if (a === undefined || b === undefined || !isMessageValue(a) || !isMessageValue(b)) {
        // Unset on one side, or a type protobuf-es unwraps: a google.protobuf.*Value wrapper is its scalar,
        // and Struct, Value and ListValue are plain JSON values.
        const same = jsonTypes.has(field.message.typeName) ? sameJson(a, b) : sameValue(a, b, wrapperScalar(field.message.typeName));
        if (!same) out.push({ path, expected: messageText(field.message, a, registry), actual: messageText(field.message, b, registry) });
        return;
      }
      compareMessages(field.message, a as Message, b as Message, path, out, registry);
      return;
    case "enum":
    case "scalar":
      compareScalar(field.scalar, a, b, path, out, field.enum);
      return;
  }
}

function compareScalar(scalar: ScalarType | undefined, a: unknown, b: unknown, path: string, out: Difference[], enumType?: DescEnum): void {
  if (!sameValue(a, b, scalar)) out.push({ path, expected: valueText(a, enumType), actual: valueText(b, enumType) });
}

/** A message value as compact proto3 JSON (or as a scalar, for unwrapped wrapper types). */
function messageText(schema: DescMessage, v: unknown, registry: Registry | undefined): string {
  if (!isMessageValue(v)) return valueText(v);
  try {
    return JSON.stringify(toJson(schema, v as Message, registry === undefined ? {} : { registry }));
  } catch (e) {
    // A value proto3 JSON cannot express (a Timestamp out of its range) is still shown, field by field.
    return `${schema.typeName} ${rawText(v)} (no proto3 JSON form: ${(e as Error).message})`;
  }
}

function sameValue(a: unknown, b: unknown, scalar: ScalarType | undefined): boolean {
  if (a instanceof Uint8Array && b instanceof Uint8Array) return a.length === b.length && a.every((x, i) => x === b[i]);
  if (typeof a === "bigint" || typeof b === "bigint") return typeof a === typeof b && a === b;
  if (isMessageValue(a) || isMessageValue(b)) return false;
  // Object.is: NaN equals NaN, -0 differs from +0. A float field holds a float32 on the wire, so two
  // numbers that round to the same float32 are the same value: Python's JSON prints a float as the
  // shortest decimal of its float32 (0.1), protobuf-es as the float32 widened to a double.
  if (scalar === ScalarType.FLOAT && typeof a === "number" && typeof b === "number") return Object.is(Math.fround(a), Math.fround(b));
  if (scalar === ScalarType.DOUBLE || typeof a === "number") return Object.is(a, b);
  return a === b;
}

/** The well-known types protobuf-es v2 represents as plain JSON values in a message field. */
const jsonTypes = new Set(["google.protobuf.Struct", "google.protobuf.Value", "google.protobuf.ListValue"]);

/** The scalar a wrapper type's field holds, for the float rule of {@link sameValue}. */
function wrapperScalar(typeName: string): ScalarType | undefined {
  return typeName === "google.protobuf.FloatValue" ? ScalarType.FLOAT : undefined;
}

/** Deep equality of JSON values: objects key by key (order ignored), arrays item by item, numbers by `Object.is`. */
function sameJson(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  }
  if (typeof a === "object" && a !== null && typeof b === "object" && b !== null) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => k in b && sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return Object.is(a, b);
}

function isMessageValue(v: unknown): boolean {
  return typeof v === "object" && v !== null && !(v instanceof Uint8Array) && "$typeName" in v;
}

/**
 * A value as people read it: strings quoted, bigint and -0 exact, bytes as base64, an enum value by
 * name and number (`KIND_BOOK (1)`) when `enumType` is given, unset as "(unset)".
 */
export function valueText(v: unknown, enumType?: DescEnum): string {
  if (v === undefined) return "(unset)";
  if (enumType !== undefined && typeof v === "number") {
    const value = enumType.values.find((e) => e.number === v);
    return value === undefined ? `${v} (not a value of ${enumType.typeName})` : `${value.name} (${v})`;
  }
  if (typeof v === "bigint") return v.toString();
  if (typeof v === "number") return Object.is(v, -0) ? "-0" : String(v);
  if (v instanceof Uint8Array) return `b64:${Buffer.from(v).toString("base64")}`;
  if (typeof v === "string") return JSON.stringify(v);
  return rawText(v);
}

/** Any value as JSON, bigints as digits, bytes as base64, without protobuf-es's `$typeName`. */
export function rawText(v: unknown): string {
  return (
    JSON.stringify(v, (k: string, x: unknown) => {
      if (k === "$typeName") return undefined;
      if (typeof x === "bigint") return x.toString();
      if (x instanceof Uint8Array) return Buffer.from(x).toString("base64");
      return x;
    }) ?? String(v)
  );
}

function oneofText(field: DescField | undefined, value: unknown): string {
  if (field === undefined) return "(none set)";
  return `${field.jsonName}: ${field.fieldKind === "message" ? messageText(field.message, value, undefined) : valueText(value, field.enum)}`;
}

function unknownText(m: Message): string {
  const fields = m.$unknown ?? [];
  if (fields.length === 0) return "(none)";
  return fields.map((f) => `#${f.no} wire type ${f.wireType} b64:${Buffer.from(f.data).toString("base64")}`).join(", ");
}

function join(path: string, name: string): string {
  return path === "" ? name : `${path}.${name}`;
}
