/**
 * Formats a `float` or `double` field value the way Python's protobuf (the upb backend, and the C++ one
 * before it) prints it in the text format: C's `%.6g` for a float (`%.15g` for a double), or `%.9g`
 * (`%.17g`) when the shorter form does not read back as the same value. So 1.1 prints `1.1`, 5 prints
 * `5`, 0.00001234 prints `1.234e-05` and 100.12345 prints `100.123451`; NaN prints `nan` and the
 * infinities `inf` and `-inf`. A float is first rounded to float32, as Python stores it (protobuf-es keeps a
 * double until the message is serialized).
 *
 * Rejected: `Number.prototype.toPrecision`, which differs from C in when it switches to exponent form, in
 * the exponent's digits (`e-5`, not `e-05`) and in ties, which C (glibc) rounds to even.
 */
export function formatFloat(input: number, type: "float" | "double"): string {
  const value = type === "float" ? Math.fround(input) : input;
  if (Number.isNaN(value)) return "nan";
  if (value === Infinity) return "inf";
  if (value === -Infinity) return "-inf";
  const [short, long] = type === "float" ? [6, 9] : [15, 17];
  const readBack = type === "float" ? (text: string) => Math.fround(Number(text)) : (text: string) => Number(text);
  const text = formatG(value, short);
  // Object.is, so that -0 must read back as -0 (it does: `-0`).
  return Object.is(readBack(text), value) ? text : formatG(value, long);
}

/** C's `printf("%.<precision>g", value)` for a finite value, rounding ties to even as glibc does. */
export function formatG(value: number, precision: number): string {
  const sign = value < 0 || Object.is(value, -0) ? "-" : "";
  const magnitude = Math.abs(value);
  const p = Math.max(precision, 1);
  if (magnitude === 0) return `${sign}0`;
  const { digits, exponent } = roundToSignificant(exactDecimal(magnitude), p);
  if (exponent < -4 || exponent >= p) {
    const fraction = digits.slice(1).replace(/0+$/, "");
    const mantissa = fraction === "" ? digits.slice(0, 1) : `${digits.slice(0, 1)}.${fraction}`;
    return `${sign}${mantissa}e${exponent < 0 ? "-" : "+"}${String(Math.abs(exponent)).padStart(2, "0")}`;
  }
  const integer = exponent >= 0 ? digits.slice(0, exponent + 1) : "0";
  const fraction = (exponent >= 0 ? digits.slice(exponent + 1) : "0".repeat(-exponent - 1) + digits).replace(/0+$/, "");
  return fraction === "" ? `${sign}${integer}` : `${sign}${integer}.${fraction}`;
}

/** A positive number as `digits` (no leading zeros) times ten to the power of `exponent` for the first digit. */
interface Decimal {
  digits: string;
  exponent: number;
}

/** The exact decimal value of a positive finite double (every double is a finite decimal fraction). */
function exactDecimal(value: number): Decimal {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & 0xfffffffffffffn;
  const mantissa = biased === 0 ? fraction : fraction | (1n << 52n);
  const power = biased === 0 ? -1074 : biased - 1075;
  // value = mantissa * 2^power; for power < 0 that is mantissa * 5^-power / 10^-power.
  const digits = power >= 0 ? (mantissa << BigInt(power)).toString() : (mantissa * 5n ** BigInt(-power)).toString();
  const scale = Math.min(power, 0); // power is an integer, never -0 or NaN
  return { digits: digits.replace(/0+$/, ""), exponent: digits.length - 1 + scale };
}

/** Rounds to `p` significant digits, ties to even; the result has exactly `p` digits. */
function roundToSignificant({ digits, exponent }: Decimal, p: number): Decimal {
  const head = digits.slice(0, p).padEnd(p, "0");
  const rest = digits.slice(p);
  const first = rest.charAt(0);
  const up = rest !== "" && (first > "5" || (first === "5" && (/[1-9]/.test(rest.slice(1)) || Number(head.charAt(p - 1)) % 2 === 1)));
  if (!up) return { digits: head, exponent };
  const rounded = (BigInt(head) + 1n).toString();
  // 999 + 1 = 1000: one digit more, so the first digit moves up a power of ten.
  return rounded.length > p ? { digits: rounded.slice(0, p), exponent: exponent + 1 } : { digits: rounded, exponent };
}
