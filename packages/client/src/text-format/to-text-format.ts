import { ScalarType, type DescEnum, type DescMessage, type MessageShape } from "@bufbuild/protobuf";
import { reflect, type ReflectMessage } from "@bufbuild/protobuf/reflect";
import { formatFloat } from "./format-float.js";

/**
 * Prints a message in the protobuf text format exactly as Python's `print(message)` / `str(message)`
 * does (protobuf's upb backend): one `name: value` per line, fields in field-number order, fields that are
 * not set left out, submessages as `name {` ... `}` indented by two spaces, every line ending in `\n` (an
 * empty message prints as the empty string). Floats print as {@link formatFloat}; strings are quoted
 * with `\n`, `\r`, `\t`, `\"`, `\'` and `\\` escaped, other ASCII control characters as octal and UTF-8 as
 * is; bytes escape every non-printable byte as octal. Map entries print as `name { key: .. value: .. }`,
 * sorted by key (Python prints them in hash order). Unknown fields and extensions are left out, as Python
 * leaves them out.
 *
 * Rejected: protobuf-es's own `toText` (`@bufbuild/protobuf/txtpb`), which writes the txtpbfmt layout
 * (`name: {`, `name: {}`), so its output differs from what the Python seeds print.
 */
export function toTextFormat<Desc extends DescMessage>(schema: Desc, message: MessageShape<Desc>): string {
  const lines: string[] = [];
  writeMessage(lines, reflect(schema, message), "");
  return lines.join("");
}

function writeMessage(lines: string[], message: ReflectMessage, indent: string): void {
  for (const field of message.sortedFields) {
    if (!message.isSet(field)) continue;
    switch (field.fieldKind) {
      case "scalar":
        writeValue(lines, field.name, { scalar: field.scalar }, message.get(field), indent);
        break;
      case "enum":
        writeValue(lines, field.name, { enum: field.enum }, message.get(field), indent);
        break;
      case "message":
        writeValue(lines, field.name, { message: true }, message.get(field), indent);
        break;
      case "list": {
        const kind: ValueKind = field.listKind === "scalar" ? { scalar: field.scalar } : field.listKind === "enum" ? { enum: field.enum } : { message: true };
        for (const item of message.get(field)) writeValue(lines, field.name, kind, item, indent);
        break;
      }
      case "map": {
        const kind: ValueKind = field.mapKind === "scalar" ? { scalar: field.scalar } : field.mapKind === "enum" ? { enum: field.enum } : { message: true };
        const entries = [...message.get(field)].sort(([a], [b]) => compareKeys(a, b));
        for (const [key, value] of entries) {
          // upb prints both halves of an entry, zero values included.
          lines.push(`${indent}${field.name} {\n`);
          writeValue(lines, "key", { scalar: field.mapKey }, key, `${indent}  `);
          writeValue(lines, "value", kind, value, `${indent}  `);
          lines.push(`${indent}}\n`);
        }
        break;
      }
    }
  }
}

/** How a value prints: as a submessage, an enum (by name when it has one) or a scalar. */
type ValueKind = { message: true } | { enum: DescEnum } | { scalar: ScalarType };

function writeValue(lines: string[], name: string, kind: ValueKind, value: unknown, indent: string): void {
  if ("message" in kind) {
    lines.push(`${indent}${name} {\n`);
    writeMessage(lines, value as ReflectMessage, `${indent}  `);
    lines.push(`${indent}}\n`);
    return;
  }
  const text = "enum" in kind ? (kind.enum.values.find((v) => v.number === value)?.name ?? String(value)) : scalarText(kind.scalar, value);
  lines.push(`${indent}${name}: ${text}\n`);
}

function scalarText(type: ScalarType, value: unknown): string {
  switch (type) {
    case ScalarType.FLOAT:
      return formatFloat(value as number, "float");
    case ScalarType.DOUBLE:
      return formatFloat(value as number, "double");
    case ScalarType.BOOL:
      return value === true ? "true" : "false";
    case ScalarType.STRING:
      return quote(new TextEncoder().encode(value as string), false);
    case ScalarType.BYTES:
      return quote(value as Uint8Array, true);
    default:
      // The integer types: number, or bigint for the 64-bit ones.
      return String(value);
  }
}

/** upb's txtenc_string: escapes per byte; string fields keep UTF-8 sequences as they are. */
function quote(bytes: Uint8Array, isBytes: boolean): string {
  const out: number[] = [];
  const push = (text: string) => {
    for (let i = 0; i < text.length; i++) out.push(text.charCodeAt(i));
  };
  for (const b of bytes) {
    switch (b) {
      case 0x0a:
        push("\\n");
        break;
      case 0x0d:
        push("\\r");
        break;
      case 0x09:
        push("\\t");
        break;
      case 0x22:
        push('\\"');
        break;
      case 0x27:
        push("\\'");
        break;
      case 0x5c:
        push("\\\\");
        break;
      default:
        if ((isBytes || b < 0x80) && (b < 0x20 || b > 0x7e)) push(`\\${b.toString(8).padStart(3, "0")}`);
        else out.push(b);
    }
  }
  return `"${new TextDecoder().decode(new Uint8Array(out))}"`;
}

function compareKeys(a: unknown, b: unknown): number {
  if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
  return Number(a) - Number(b);
}
