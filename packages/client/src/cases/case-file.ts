import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { JsonObject, JsonValue } from "@bufbuild/protobuf";
import { Code } from "@polyrpc/grpc";
import { type Document, isMap, isScalar, parseDocument, visit } from "yaml";
import { UserError } from "@polyrpc/cli-kit";

/** What a case expects regardless of the other servers (`expect:` of the case file). */
export interface CaseExpectation {
  /** A gRPC code name, such as `OK` or `INVALID_ARGUMENT`. */
  status?: string;
  /** The exact status message. */
  message?: string;
  /** The responses, in order, as proto3 JSON; compared as values after parsing with the output type. */
  responses?: JsonValue[];
}

/** One case of a case file: a call to make against every server. */
export interface InteropCase {
  /** Unique within the file; letters, digits, `.`, `_`, `-`. */
  name: string;
  /** `package.Service/Method` as in the .proto. */
  method: string;
  /** Which key held the request(s): `request` (one message), `requests` (a list), or none (one `{}`). */
  requestKey: "request" | "requests" | undefined;
  /** The request messages as proto3 JSON; integers beyond 2^53 are kept exactly as strings. */
  requests: JsonValue[];
  /** Request headers, keys lower-cased; a `-bin` header's value is its bytes in base64. */
  metadata: Record<string, string>;
  /** The call's deadline in milliseconds; undefined for the runner's default. */
  timeoutMs: number | undefined;
  expect: CaseExpectation | undefined;
}

/** A parsed and structurally checked case file. */
export interface CaseFile {
  /** The path the cases came from, as given; it prefixes every error about them. */
  path: string;
  cases: InteropCase[];
}

const caseKeys = ["name", "method", "request", "requests", "metadata", "timeoutMs", "expect"];
const expectKeys = ["status", "message", "responses"];

/**
 * Reads and checks a case file (YAML, or JSON, which is YAML too); a relative `path` resolves against
 * `cwd` (default: the process's working directory) and errors name it as given. See
 * {@link parseCaseFile}. A file that cannot be read is a user error `<path>: cannot read the case file: <reason>`.
 */
export async function loadCaseFile(path: string, cwd: string = process.cwd()): Promise<CaseFile> {
  let text: string;
  try {
    text = await readFile(resolve(cwd, path), "utf8");
  } catch (e) {
    const reasons: Record<string, string> = { ENOENT: "no such file", EISDIR: "it is a directory", EACCES: "permission denied" };
    throw new UserError(`${path}: cannot read the case file: ${reasons[(e as NodeJS.ErrnoException).code ?? ""] ?? (e as Error).message}`);
  }
  return parseCaseFile(text, path);
}

/**
 * Parses the text of a case file and checks its shape: a `cases:` list of mappings with only the keys
 * name, method, request, requests, metadata, timeoutMs and expect (status, message, responses), each of
 * the right type, with unique names. Every problem is a user error `<path>: case <name>: <what>` (or
 * `<path>: line N: <what>` for YAML syntax), naming the key and the value.
 *
 * Integers are read as bigints, so `9007199254740993` stays exact: in the proto3 JSON handed on, an
 * integer outside ±2^53 becomes a string (which proto3 JSON accepts for every integer type), and
 * `.nan`, `.inf`, `-.inf` become "NaN", "Infinity", "-Infinity". Checks against the schema (the method
 * exists, the requests fit it) come later, in {@link prepareCases}.
 */
export function parseCaseFile(text: string, path: string): CaseFile {
  const doc = parseDocument(text, { intAsBigInt: true, uniqueKeys: true, prettyErrors: true });
  const problem = doc.errors[0];
  if (problem !== undefined) {
    const line = problem.linePos?.[0]?.line;
    throw new UserError(
      `${path}: ${line !== undefined ? `line ${line}: ` : ""}not valid YAML or JSON: ${problem.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "")}`,
    );
  }
  refuseRoundedNumbers(doc, text, path);
  const root: unknown = doc.toJS({ maxAliasCount: 100 });
  if (!isPlainObject(root)) throw new UserError(`${path}: expected a mapping with a "cases" list at the top, got ${describe(root)}`);
  for (const key of Object.keys(root))
    if (key !== "cases") throw new UserError(`${path}: unknown top-level key ${JSON.stringify(key)}; the file has only "cases"`);
  const list = root["cases"];
  if (!Array.isArray(list)) throw new UserError(`${path}: "cases" must be a list, got ${describe(list)}`);
  if (list.length === 0) throw new UserError(`${path}: "cases" is empty`);
  const seen = new Set<string>();
  const cases = list.map((raw: unknown, i) => {
    const parsed = parseCase(raw, i, path);
    if (seen.has(parsed.name)) throw new UserError(`${path}: case ${parsed.name}: the name ${JSON.stringify(parsed.name)} is used by an earlier case too`);
    seen.add(parsed.name);
    return parsed;
  });
  return { path, cases };
}

/**
 * Refuses a number written in the file that a double cannot hold: `1e400` would silently become
 * Infinity and `1e-400` zero, and the case would test another value than the one written. `.inf`, `.nan`
 * and their proto3 JSON strings stay the way to write the special values.
 */
function refuseRoundedNumbers(doc: Document, text: string, path: string): void {
  visit(doc, {
    Scalar(_key, node, ancestors) {
      if (typeof node.value !== "number" || !node.range) return;
      const source = text.slice(node.range[0], node.range[1]).trim();
      const digits = /^[-+]?(\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/.exec(source);
      if (digits === null) return; // .inf, .nan and the like
      const overflow = !Number.isFinite(node.value);
      const underflow = node.value === 0 && /[1-9]/.test(digits[1]!);
      if (!overflow && !underflow) return;
      const owner = [...ancestors].reverse().find((n) => isMap(n) && n.has("name") && n.has("method"));
      const name = isMap(owner) ? owner.get("name", true) : undefined;
      const where = isScalar(name) && typeof name.value === "string" ? `case ${name.value}` : `line ${text.slice(0, node.range[0]).split("\n").length}`;
      throw new UserError(
        `${path}: ${where}: the number ${source} is out of the range of a double (it would be read as ${node.value}); write .inf, -.inf or "Infinity" for the special values`,
      );
    },
  });
}

function parseCase(raw: unknown, index: number, path: string): InteropCase {
  let label = `#${index + 1}`;
  const fail = (what: string): never => {
    throw new UserError(`${path}: case ${label}: ${what}`);
  };
  if (!isPlainObject(raw)) return fail(`expected a mapping with name, method and request(s), got ${describe(raw)}`);
  const name = raw["name"];
  if (name === undefined) fail(`"name" is missing`);
  if (typeof name !== "string") return fail(`"name" must be a string, got ${describe(name)}`);
  if (!/^[A-Za-z0-9._-]+$/.test(name)) fail(`"name" ${JSON.stringify(name)} may contain only letters, digits, ".", "_" and "-"`);
  label = name;
  for (const key of Object.keys(raw)) {
    if (!caseKeys.includes(key)) fail(`unknown key ${JSON.stringify(key)}; a case has ${caseKeys.join(", ")}`);
  }
  const method = raw["method"];
  if (method === undefined) fail(`"method" is missing`);
  if (typeof method !== "string") return fail(`"method" must be a string, got ${describe(method)}`);
  if (!/^\/?([A-Za-z_][A-Za-z0-9_]*\.)*[A-Za-z_][A-Za-z0-9_]*\/[A-Za-z_][A-Za-z0-9_]*$/.test(method)) {
    fail(`"method" ${JSON.stringify(method)} is not of the form package.Service/Method`);
  }
  if ("request" in raw && "requests" in raw) fail(`has both "request" and "requests"; give "request" (one message) or "requests" (a list)`);
  let requestKey: InteropCase["requestKey"];
  let requests: JsonValue[] = [{}];
  if ("request" in raw) {
    requestKey = "request";
    if (!isPlainObject(raw["request"])) fail(`"request" must be a mapping (one message as proto3 JSON), got ${describe(raw["request"])}`);
    requests = [toJsonValue(raw["request"])];
  } else if ("requests" in raw) {
    requestKey = "requests";
    const list = raw["requests"];
    if (!Array.isArray(list)) return fail(`"requests" must be a list of messages, got ${describe(list)}`);
    list.forEach((r: unknown, i) => {
      if (!isPlainObject(r)) fail(`"requests"[${i}] must be a mapping (a message as proto3 JSON), got ${describe(r)}`);
    });
    requests = list.map((r: unknown) => toJsonValue(r));
  }
  const metadata: Record<string, string> = {};
  if ("metadata" in raw) {
    const m = raw["metadata"];
    if (!isPlainObject(m)) return fail(`"metadata" must be a mapping of header names to strings, got ${describe(m)}`);
    for (const [key, value] of Object.entries(m)) {
      const lower = key.toLowerCase();
      if (!/^[0-9a-z_.-]+$/.test(lower)) fail(`"metadata" key ${JSON.stringify(key)} may contain only 0-9 a-z _ . -`);
      if (lower.startsWith("grpc-") || reservedHeaders.includes(lower))
        fail(`"metadata" key ${JSON.stringify(key)} is reserved: gRPC sets it itself (use "timeoutMs" for a deadline)`);
      if (typeof value !== "string") fail(`"metadata" value of ${JSON.stringify(key)} must be a string, got ${describe(value)}`);
      if (lower.endsWith("-bin") && !/^[A-Za-z0-9+/]*={0,2}$/.test(value as string))
        fail(`"metadata" value of ${JSON.stringify(key)} must be base64 (a -bin header), got ${JSON.stringify(value)}`);
      metadata[lower] = value as string;
    }
  }
  let timeoutMs: number | undefined;
  if ("timeoutMs" in raw) {
    const t = raw["timeoutMs"];
    if (typeof t !== "bigint" || t <= 0n || t > 2_147_483_647n)
      fail(`"timeoutMs" must be a whole number of milliseconds from 1 to 2147483647, got ${describe(t)}`);
    timeoutMs = Number(t);
  }
  let expect: CaseExpectation | undefined;
  if ("expect" in raw) {
    const e = raw["expect"];
    if (!isPlainObject(e)) return fail(`"expect" must be a mapping with status, message and/or responses, got ${describe(e)}`);
    for (const key of Object.keys(e)) if (!expectKeys.includes(key)) fail(`unknown key "expect.${key}"; expect has ${expectKeys.join(", ")}`);
    expect = {};
    if ("status" in e) {
      const s = e["status"];
      if (typeof s !== "string" || !isCodeName(s)) fail(`"expect.status" ${describe(s)} is not a gRPC status code name; names are ${codeNames().join(", ")}`);
      expect.status = s as string;
    }
    if ("message" in e) {
      if (typeof e["message"] !== "string") fail(`"expect.message" must be a string, got ${describe(e["message"])}`);
      expect.message = e["message"] as string;
    }
    if ("responses" in e) {
      const r = e["responses"];
      if (!Array.isArray(r)) return fail(`"expect.responses" must be a list of messages, got ${describe(r)}`);
      r.forEach((x: unknown, i) => {
        if (!isPlainObject(x)) fail(`"expect.responses"[${i}] must be a mapping (a message as proto3 JSON), got ${describe(x)}`);
      });
      expect.responses = r.map((x: unknown) => toJsonValue(x));
    }
  }
  return { name, method: method.replace(/^\//, ""), requestKey, requests, metadata, timeoutMs, expect };
}

/** Headers the gRPC protocol sets on every call, besides the reserved `grpc-` prefix. */
const reservedHeaders = ["content-type", "te"];

/** Every gRPC status code name, in code order: OK, CANCELLED, ..., UNAUTHENTICATED. */
export function codeNames(): string[] {
  return Object.keys(Code).filter((k) => Number.isNaN(Number(k)));
}

/** True for a gRPC status code name such as `INVALID_ARGUMENT`. */
export function isCodeName(name: string): boolean {
  return codeNames().includes(name);
}

/** A YAML value (bigints, non-finite numbers) as proto3 JSON: see {@link parseCaseFile}. */
function toJsonValue(v: unknown): JsonValue {
  if (typeof v === "bigint") return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
  if (typeof v === "number") return Number.isNaN(v) ? "NaN" : v === Infinity ? "Infinity" : v === -Infinity ? "-Infinity" : v;
  if (Array.isArray(v)) return v.map(toJsonValue);
  if (isPlainObject(v)) {
    const out: JsonObject = {};
    for (const [k, x] of Object.entries(v)) out[k] = toJsonValue(x);
    return out;
  }
  if (v === undefined) return null;
  return v as JsonValue;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);
}

/** A short description of a value of the wrong type, for errors: `the number 5`, `a list`, `null`. */
function describe(v: unknown): string {
  if (v === undefined) return "nothing";
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "bigint") return `the number ${v}`;
  if (typeof v === "number") return `the number ${v}`;
  if (typeof v === "string") return `the string ${JSON.stringify(v)}`;
  if (typeof v === "boolean") return `${v}`;
  if (isPlainObject(v)) return "a mapping";
  return String(v);
}
