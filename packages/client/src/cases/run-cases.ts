import { createChannel, RpcError, type Channel, type ChannelConfig, type MetadataInit } from "@polyrpc/grpc";
import { UserError } from "@polyrpc/cli-kit";
import { statusText } from "../cli.js";
import { transportConfig, type TransportFlags } from "../call/transport-security.js";
import { DEFAULT_CALL_TIMEOUT_MS } from "../schema/schema-options.js";
import { NoReflectionError } from "../schema/reflection-client.js";
import { protoFilesSource, protosetSource, reflectionSource, stubsSource, type SchemaSource } from "../schema/schema-source.js";
import { loadCaseFile, type CaseFile } from "./case-file.js";
import { outcomeJson, runTsCall, type CallOutcome, type OutcomeJson } from "./call-outcome.js";
import type { Difference } from "./compare-messages.js";
import { checkExpectation, compareOutcomes } from "./compare-outcomes.js";
import { prepareCases, type PreparedCase } from "./prepare-cases.js";
import { probePython, pythonJobTls, runPythonCases } from "./python-client.js";

/** A client the runner can call with: the TypeScript one (@polyrpc/grpc) or the Python one (grpcio). */
export type CaseClient = "ts" | "py";

/** A server under test: a name for tables and reports, and its gRPC target (`host:port`). */
export interface CaseServer {
  name: string;
  target: string;
}

/** Options of {@link runCases}. */
export interface RunCasesOptions {
  /** The case file to load, or an already loaded one (exactly one of `file` and `cases`). */
  file?: string;
  cases?: CaseFile;
  /** The servers every case runs against; at least one. */
  servers: readonly CaseServer[];
  /** The name of the server the others are compared with; default: the first. */
  reference?: string;
  /**
   * The clients to run. Default: TypeScript, plus Python when it can import polyrpc.case_client
   * (otherwise a notice says why it was skipped). Given explicitly, a Python that is not available is an error.
   */
  clients?: readonly CaseClient[];
  /** .proto files to take the schema from (compiled with protoc), resolved against `importPaths` and `cwd`. */
  proto?: readonly string[];
  importPaths?: readonly string[];
  /** FileDescriptorSet files to take the schema from. Without `proto` and `protoset`: the reference server's reflection. */
  protoset?: readonly string[];
  /** Where relative paths resolve; default: the process's working directory. */
  cwd?: string;
  /** Headers sent with every call (and reflection request), before each case's own `metadata`. */
  metadata?: Readonly<Record<string, string>>;
  /** The deadline of a case without `timeoutMs`; default 10000; 0 for none. */
  timeoutMs?: number;
  /**
   * TLS options as `polyrpc call` takes them; loopback targets default to plaintext. Both clients connect the
   * same way (the Python client gets the PEM files' text in its job), except that the Python client cannot
   * skip the server certificate check, so `insecure` leaves it out.
   */
  transport?: TransportFlags;
  /**
   * grpc-js channel options for the TypeScript client's channels, such as
   * `{ "grpc.max_receive_message_length": 16 << 20 }` for responses above grpc-js's 4 MiB default.
   */
  channelOptions?: ChannelConfig["channelOptions"];
  /** The Python to run the Python client with; default: $POLYRPC_PYTHON, else `python3`. */
  python?: string;
  /** Called with each notice (such as why the Python client is skipped) as it happens. */
  onNotice?: (line: string) => void;
}

/** One problem of a cell. */
export interface CellProblem extends Difference {
  /** `reference`: differs from the reference server's outcome; `expect`: misses the case's `expect`; `error`: the call could not be judged. */
  kind: "reference" | "expect" | "error";
}

/** The result of one case run by one client against one server. */
export interface CaseCell {
  case: string;
  method: string;
  server: string;
  client: CaseClient;
  passed: boolean;
  /** Empty when it passed. */
  problems: CellProblem[];
  /** The outcome as proto3 JSON. */
  outcome: OutcomeJson;
  /**
   * How long the call took, in milliseconds. The Python client runs all of a server's cases in one
   * process, so its cells carry that process's time divided by the number of cases (an average).
   */
  ms: number;
}

/** The whole run: one cell per case × server × client, in that order. */
export interface CasesResult {
  file: string;
  servers: CaseServer[];
  reference: string;
  clients: CaseClient[];
  /** Things the user should know, such as `polyrpc: the Python client is skipped: ...`. */
  notices: string[];
  cells: CaseCell[];
  /** True when every cell passed. */
  ok: boolean;
}

/**
 * Runs a case file against every server with every client, and compares. First everything is checked
 * (options, the file, each case against the schema, the Python client when asked for) and only then is
 * any case called, so a bad file calls nothing. Each cell passes when the call's outcome meets the
 * case's `expect` and equals, field by field, the reference server's outcome with the same client
 * (see docs/interop-cases.md). Rejects with a user error (message `<file>: case <name>: ...` for case
 * problems) when something is wrong before the calls; failed calls are cells, not rejections.
 */
export async function runCases(options: RunCasesOptions): Promise<CasesResult> {
  if ((options.file === undefined) === (options.cases === undefined)) throw new UserError("interop: give exactly one of a case file and loaded cases");
  const servers = [...options.servers];
  if (servers.length === 0) throw new UserError("interop: expected at least one --server NAME=TARGET");
  const names = new Set<string>();
  for (const s of servers) {
    if (names.has(s.name)) throw new UserError(`interop: two servers are named ${JSON.stringify(s.name)}`);
    names.add(s.name);
  }
  const reference = options.reference ?? servers[0]!.name;
  if (!names.has(reference)) throw new UserError(`interop: --reference ${JSON.stringify(reference)} is not one of the servers (${[...names].join(", ")})`);
  if ((options.proto?.length ?? 0) > 0 && (options.protoset?.length ?? 0) > 0) throw new UserError("interop: --proto cannot be combined with --protoset");
  const timeoutMs = options.timeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
  const notices: string[] = [];
  const notice = (line: string) => {
    notices.push(line);
    options.onNotice?.(line);
  };

  const file = options.cases ?? (await loadCaseFile(options.file!, options.cwd));
  const channels = new Map<string, Channel>();
  const tlsOf = new Map<string, ChannelConfig["tls"]>();
  try {
    for (const s of servers) {
      try {
        const { tls } = transportConfig(s.target, options.transport ?? {});
        tlsOf.set(s.name, tls);
        channels.set(
          s.name,
          createChannel(s.target, {
            ...(tls === undefined ? {} : { tls }),
            ...(options.channelOptions === undefined ? {} : { channelOptions: options.channelOptions }),
          }),
        );
      } catch (e) {
        if (e instanceof UserError) throw new UserError(e.message.replace(/^call: /, "interop: "));
        throw new UserError(`interop: invalid target ${JSON.stringify(s.target)} of server ${s.name}: ${(e as Error).message}`);
      }
    }
    const referenceServer = servers.find((s) => s.name === reference)!;
    const schema = await openCaseSchema(options, channels.get(reference)!, referenceServer.target, timeoutMs);
    const prepared: PreparedCase[] = await prepareCases(file, schema);

    // grpcio cannot skip the server certificate check, so with --insecure the Python client cannot connect
    // as the TypeScript one does (its job would be refused): it is left out (or, asked for, refused) instead.
    const insecureServer = servers.find((s) => pythonJobTls(tlsOf.get(s.name))?.insecure === true);
    const clients = await chooseClients(options, notice, insecureServer);
    const outcomes = new Map<string, CallOutcome>();
    const key = (c: string, s: string, client: CaseClient) => `${c}\u0000${s}\u0000${client}`;
    for (const server of servers) {
      const channel = channels.get(server.name)!;
      for (const client of clients.list) {
        if (client === "ts") {
          for (const p of prepared) {
            const metadata = toCallMetadata({ ...options.metadata, ...p.spec.metadata });
            const deadline = p.spec.timeoutMs ?? timeoutMs;
            outcomes.set(key(p.spec.name, server.name, client), await runTsCall(channel, p, { metadata, ...(deadline > 0 ? { timeoutMs: deadline } : {}) }));
          }
        } else {
          const withHeaders = prepared.map((p) => ({ ...p, spec: { ...p.spec, metadata: { ...options.metadata, ...p.spec.metadata } } }));
          const results = await runPythonCases(clients.python!, server.target, withHeaders, timeoutMs, tlsOf.get(server.name));
          for (const [name, outcome] of results) outcomes.set(key(name, server.name, client), outcome);
        }
      }
    }

    const cells: CaseCell[] = [];
    for (const p of prepared) {
      for (const server of servers) {
        for (const client of clients.list) {
          const outcome = outcomes.get(key(p.spec.name, server.name, client))!;
          const problems: CellProblem[] = [];
          if (outcome.clientError !== undefined) problems.push({ kind: "error", path: "client", expected: "no client error", actual: outcome.clientError });
          if (outcome.status === "UNAVAILABLE" && p.spec.expect?.status !== "UNAVAILABLE") {
            // Nearly always "could not connect": two servers that are both down would otherwise agree.
            problems.push({ kind: "error", path: "status", expected: "a reachable server", actual: `UNAVAILABLE ${JSON.stringify(outcome.message)}` });
          }
          for (const d of checkExpectation(p, outcome)) problems.push({ kind: "expect", ...d });
          if (server.name !== reference) {
            const ref = outcomes.get(key(p.spec.name, reference, client))!;
            if (ref.clientError !== undefined) {
              problems.push({
                kind: "error",
                path: "reference",
                expected: "an outcome to compare with",
                actual: `the reference server's cell failed: ${ref.clientError}`,
              });
            } else {
              for (const d of compareOutcomes(ref, outcome, p)) problems.push({ kind: "reference", ...d });
            }
          }
          cells.push({
            case: p.spec.name,
            method: `${p.method.parent.typeName}/${p.method.name}`,
            server: server.name,
            client,
            passed: problems.length === 0,
            problems,
            outcome: outcomeJson(outcome, p),
            ms: outcome.ms,
          });
        }
      }
    }
    return { file: file.path, servers, reference, clients: clients.list, notices, cells, ok: cells.every((c) => c.passed) };
  } finally {
    for (const channel of channels.values()) channel.close();
  }
}

/** Headers as grpc-js takes them: a `-bin` header's base64 text (as case files and the Python job carry it) as bytes. */
function toCallMetadata(headers: Record<string, string>): MetadataInit {
  const out: Record<string, string | Uint8Array> = {};
  for (const [key, value] of Object.entries(headers)) out[key] = key.endsWith("-bin") ? new Uint8Array(Buffer.from(value, "base64")) : value;
  return out;
}

/** The schema the cases are checked against: --proto, --protoset, or the reference server's reflection. */
async function openCaseSchema(options: RunCasesOptions, channel: Channel, target: string, timeoutMs: number): Promise<SchemaSource> {
  const cwd = options.cwd ?? process.cwd();
  if ((options.proto?.length ?? 0) > 0) return protoFilesSource(options.proto!, options.importPaths ?? [], cwd);
  if ((options.importPaths?.length ?? 0) > 0) throw new UserError("interop: --import-path given without --proto");
  if ((options.protoset?.length ?? 0) > 0) return protosetSource(options.protoset!);
  const reflection = reflectionSource(channel, target, { metadata: { ...options.metadata }, ...(timeoutMs > 0 ? { timeoutMs } : {}) });
  try {
    await reflection.services();
    return reflection;
  } catch (e) {
    if (e instanceof RpcError) {
      throw new UserError(`interop: cannot read the schema of the reference server ${target} by reflection: ${statusText(e)} (or give --proto / --protoset)`);
    }
    if (!(e instanceof NoReflectionError)) throw e;
    // As `polyrpc call` does: a server without reflection still answers the project's own services.
    return stubsSource();
  }
}

async function chooseClients(
  options: RunCasesOptions,
  notice: (line: string) => void,
  insecureServer: CaseServer | undefined,
): Promise<{ list: CaseClient[]; python: string | undefined }> {
  const asked = options.clients;
  if (asked !== undefined) {
    if (asked.length === 0) throw new UserError("interop: --clients lists no client; use ts, py or ts,py");
    for (const c of asked) if (c !== "ts" && c !== "py") throw new UserError(`interop: unknown client ${JSON.stringify(c)} in --clients; use ts, py or ts,py`);
  }
  const list = [...new Set(asked ?? ["ts", "py"])] as CaseClient[];
  if (!list.includes("py")) return { list, python: undefined };
  if (insecureServer !== undefined) {
    const why = `--insecure skips the server certificate check, and grpcio (the Python client) has no way to skip it (server ${insecureServer.name}, ${insecureServer.target})`;
    if (asked !== undefined) throw new UserError(`interop: --clients asks for py, but ${why}; use --clients ts, or --ca CA_FILE instead of --insecure`);
    notice(`polyrpc: the Python client is skipped: ${why}`);
    return { list: list.filter((c) => c !== "py"), python: undefined };
  }
  const probe = await probePython(options.python);
  if (probe.available) return { list, python: probe.python };
  if (asked !== undefined) throw new UserError(`interop: --clients asks for py, but ${probe.reason}`);
  notice(`polyrpc: the Python client is skipped: ${probe.reason} (install the polyrpc Python package, or pass --python PATH)`);
  return { list: list.filter((c) => c !== "py"), python: undefined };
}
