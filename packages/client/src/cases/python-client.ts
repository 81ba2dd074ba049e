import { fromJson, type JsonValue, type Message } from "@bufbuild/protobuf";
import { AnySchema, type Any } from "@bufbuild/protobuf/wkt";
import { runProcess, UserError } from "@polyrpc/cli-kit";
import { readPem, type ClientTlsConfig } from "@polyrpc/grpc";
import type { CallOutcome } from "./call-outcome.js";
import { descriptorSetFor } from "./descriptor-set.js";
import type { PreparedCase } from "./prepare-cases.js";

/** The module the Python half of polyrpc runs cases with (`python -m polyrpc.case_client`). */
export const pythonCaseModule = "polyrpc.case_client";

/** A Python that can run cases, or why none can. */
export type PythonProbe = { available: true; python: string } | { available: false; python: string; reason: string };

/**
 * Picks the Python (`python`, else $POLYRPC_PYTHON, else `python3`) and checks that it can import
 * polyrpc.case_client, within 30 s.
 */
export async function probePython(python: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<PythonProbe> {
  const executable = python ?? (env["POLYRPC_PYTHON"] || "python3");
  const result = await runPython(executable, ["-c", `import ${pythonCaseModule}`], "", 30_000);
  if (result.error !== undefined) return { available: false, python: executable, reason: `${executable} cannot be run: ${result.error}` };
  if (result.code !== 0) {
    const last = result.stderr.trim().split("\n").pop() ?? "";
    return { available: false, python: executable, reason: `${executable} cannot import ${pythonCaseModule}${last === "" ? "" : ` (${last})`}` };
  }
  return { available: true, python: executable };
}

/** One outcome as polyrpc.case_client writes it. */
interface PythonOutcome {
  name: string;
  responses: JsonValue[];
  rawResponses?: string[];
  status: string;
  message: string;
  details: JsonValue[];
  clientError: string | null;
}

/** The `tls` of a Python job: PEM text (not paths), so the client reads exactly what the TypeScript one uses. */
export interface PythonJobTls {
  ca: string | null;
  cert: string | null;
  key: string | null;
  insecure: boolean;
}

/**
 * The job's `tls` for a TypeScript client's TLS config (undefined: plaintext, no `tls` key; `true`: TLS with
 * the default roots). The PEM text travels on the Python client's stdin, not its command line, where other
 * users could see a key.
 */
export function pythonJobTls(config: ClientTlsConfig | true | undefined): PythonJobTls | undefined {
  if (config === undefined) return undefined;
  const tls = config === true ? {} : config;
  const text = (source: ClientTlsConfig["ca"], what: string) => (source === undefined ? null : readPem(source, what).toString("utf8"));
  return { ca: text(tls.ca, "ca"), cert: text(tls.cert, "cert"), key: text(tls.key, "key"), insecure: tls.skipServerVerification === true };
}

/**
 * Runs `cases` against `target` with the Python client: one `python -m polyrpc.case_client` process,
 * fed the job as JSON on stdin (target, `tls` when `tls` is given, a base64 FileDescriptorSet, the cases), answering with one
 * outcome per case on stdout. Responses and details come back as proto3 JSON and are parsed here with
 * protobuf-es `fromJson` of the same schema, so the Python client's decoding and JSON printing are part
 * of what is checked; JSON that does not parse is a client error of that cell. A process that fails, or
 * answers with something other than the contract, is a user error naming the Python and its stderr.
 */
export async function runPythonCases(
  python: string,
  target: string,
  cases: readonly PreparedCase[],
  timeoutMs: number,
  tls?: ClientTlsConfig | true,
): Promise<Map<string, CallOutcome>> {
  const jobTls = pythonJobTls(tls);
  const job = {
    target,
    ...(jobTls === undefined ? {} : { tls: jobTls }),
    descriptorSet: Buffer.from(descriptorSetFor(cases.map((c) => c.method))).toString("base64"),
    cases: cases.map((c) => ({
      name: c.spec.name,
      method: `${c.method.parent.typeName}/${c.method.name}`,
      kind: c.method.methodKind,
      requests: c.spec.requests,
      metadata: c.spec.metadata,
      timeoutMs: c.spec.timeoutMs ?? (timeoutMs > 0 ? timeoutMs : null),
    })),
  };
  const budget = cases.reduce((sum, c) => sum + (c.spec.timeoutMs ?? (timeoutMs > 0 ? timeoutMs : 60_000)), 30_000);
  const started = performance.now();
  const result = await runPython(python, ["-m", pythonCaseModule], jobJson(job), budget);
  const where = `the Python client (${python} -m ${pythonCaseModule})`;
  if (result.error !== undefined) throw new UserError(`${where} failed: ${result.error}`);
  if (result.code !== 0) throw new UserError(`${where} exited with ${result.code}: ${result.stderr.trim().split("\n").slice(-3).join(" / ")}`);
  let answer: { outcomes?: PythonOutcome[] };
  try {
    answer = JSON.parse(result.stdout) as typeof answer;
  } catch (e) {
    throw new UserError(`${where} wrote something other than one JSON object: ${(e as Error).message}`);
  }
  if (!Array.isArray(answer.outcomes)) throw new UserError(`${where} wrote no "outcomes" list`);
  const ms = Math.round((performance.now() - started) / Math.max(1, cases.length));
  const outcomes = new Map<string, CallOutcome>();
  for (const prepared of cases) {
    const raw = answer.outcomes.find((o) => o?.name === prepared.spec.name);
    outcomes.set(prepared.spec.name, raw === undefined ? missing(prepared, ms) : toOutcome(raw, prepared, ms));
  }
  return outcomes;
}

function missing(prepared: PreparedCase, ms: number): CallOutcome {
  return { responses: [], status: "UNKNOWN", message: "", details: [], clientError: `the Python client gave no outcome for case ${prepared.spec.name}`, ms };
}

/**
 * How deep the Python client's JSON may nest when the runner parses it. protobuf-es's default (100 messages)
 * is lower than what Python's own decoder (upb) accepts, so with the default the runner, not Python, would
 * reject a message Python read; what the Python client can decode is limited on the Python side.
 */
export const pythonJsonRecursionLimit = 1000;

function toOutcome(raw: PythonOutcome, prepared: PreparedCase, ms: number): CallOutcome {
  const errors: string[] = [];
  if (raw.clientError !== null && raw.clientError !== undefined) errors.push(`the Python client failed: ${raw.clientError}`);
  const responses: Message[] = [];
  (Array.isArray(raw.responses) ? raw.responses : []).forEach((json, i) => {
    try {
      responses.push(fromJson(prepared.method.output, json, { registry: prepared.registry, recursionLimit: pythonJsonRecursionLimit }));
    } catch (e) {
      errors.push(`Python's JSON of response ${i + 1} does not parse as ${prepared.method.output.typeName}: ${(e as Error).message}`);
    }
  });
  const details: Any[] = [];
  (Array.isArray(raw.details) ? raw.details : []).forEach((json, i) => {
    try {
      details.push(fromJson(AnySchema, json, { registry: prepared.registry, recursionLimit: pythonJsonRecursionLimit }));
    } catch (e) {
      errors.push(`Python's JSON of error detail ${i + 1} does not parse: ${(e as Error).message}`);
    }
  });
  return {
    responses,
    status: typeof raw.status === "string" ? raw.status : "UNKNOWN",
    message: typeof raw.message === "string" ? raw.message : "",
    details,
    clientError: errors.length > 0 ? errors.join("; ") : undefined,
    ms,
  };
}

/** Runs the Python with `input` on stdin, killed by its pid after `timeoutMs`; `error` says why it gave no answer. */
async function runPython(command: string, args: string[], input: string, timeoutMs: number) {
  const env = { ...process.env, PYTHONDONTWRITEBYTECODE: "1" };
  try {
    const result = await runProcess(command, args, { input, timeoutMs, env });
    return { ...result, error: result.timedOut ? `no answer within ${timeoutMs} ms` : undefined };
  } catch (e) {
    return { code: null, stdout: "", stderr: "", error: (e as Error).message };
  }
}

/** Marks a -0 for {@link jobJson}; a string no case file can produce, because it holds U+0000 twice. */
const negativeZero = "\u0000-0\u0000";

/**
 * The job as JSON, with the sign of zero kept: `JSON.stringify(-0)` writes `0`, which would make the
 * Python client send +0 for a request that says -0.0. Python's `json` reads `-0.0` back as -0.0.
 */
export function jobJson(job: unknown): string {
  return JSON.stringify(job, (_key: string, value: unknown) => (Object.is(value, -0) ? negativeZero : value)).replaceAll(JSON.stringify(negativeZero), "-0.0");
}
