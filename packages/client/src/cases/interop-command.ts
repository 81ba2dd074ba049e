import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import { UserError } from "@polyrpc/cli-kit";
import { parseHeaders } from "../call/parse-headers.js";
import { transportFlags } from "../call/transport-security.js";
import type { CommandIo } from "../io.js";
import { integerOption, parseCommandArgs, stringOption } from "../parse-command-args.js";
import { DEFAULT_CALL_TIMEOUT_MS, schemaOptions, schemaOptionsHelp } from "../schema/schema-options.js";
import { renderCasesTable } from "./cases-table.js";
import { writeCasesReport } from "./cases-report.js";
import { writeJunit } from "./junit-report.js";
import { runCases, type CaseClient, type CaseServer } from "./run-cases.js";

/** The text of `polyrpc interop --help`. */
export const interopHelp: string = `Usage: polyrpc interop --cases <file> --server <name>=<target> [--server ...] [options]

Runs the calls of a case file against every server, with the TypeScript client and (when available)
the Python client, and compares each server's outcome with the reference server's, field by field:
responses as values, status code, message and google.rpc.Status details. Prints a table of
case × server × client; exits 1 on any failure or difference. The format is in docs/interop-cases.md.

Options:
  --cases <file>             the case file (YAML or JSON); required
  --server <name>=<target>   a server under test, such as py=127.0.0.1:50051; repeatable, at least one
  --reference <name>         the server the others are compared with (default: the first --server)
  --clients <list>           ts, py or ts,py (default: ts, and py when the Python client is available;
                             asked for explicitly, a missing Python client is an error)
  --python <path>            the Python for the Python client (default: $POLYRPC_PYTHON, else python3);
                             it must import polyrpc.case_client
  --report <dir>             write cases-report.json and cases-report.html there
  --junit <file>             write a JUnit XML file: one testcase per case × server × client

${schemaOptionsHelp.replace("default: the server's reflection", "default: the reference server's reflection")}
Every case is checked (keys, types, the method, the requests against the schema) before any call.
Exit status: 0 when every cell passed; 1 on a failure, a difference or a bad case file or option.
`;

const options = {
  ...schemaOptions,
  cases: { type: "string" },
  server: { type: "string", multiple: true },
  reference: { type: "string" },
  clients: { type: "string" },
  python: { type: "string" },
  report: { type: "string" },
  junit: { type: "string" },
} as const;

/** `polyrpc interop`: parses the options, runs {@link runCases}, prints the table, writes the reports. */
export async function interopCommand(argv: readonly string[], io: CommandIo, cwd: string = process.cwd()): Promise<number> {
  const args = parseCommandArgs("interop", argv, options);
  if (args.values["help"] === true) {
    io.stdout(interopHelp);
    return 0;
  }
  if (args.positionals.length > 0) throw new UserError(`interop: unexpected argument ${JSON.stringify(args.positionals[0])} (see polyrpc interop --help)`);
  const casesPath = stringOption(args, "cases");
  if (casesPath === undefined) throw new UserError("interop: --cases <file> is required (see polyrpc interop --help)");
  const servers: CaseServer[] = ((args.values["server"] as string[] | undefined) ?? []).map((spec) => {
    const eq = spec.indexOf("=");
    const name = spec.slice(0, eq);
    const target = spec.slice(eq + 1);
    if (eq <= 0 || target === "" || !/^[A-Za-z0-9._-]+$/.test(name)) {
      throw new UserError(`interop: --server ${JSON.stringify(spec)} is not NAME=TARGET (a name of letters, digits, . _ -, such as py=127.0.0.1:50051)`);
    }
    return { name, target };
  });
  if (servers.length === 0) throw new UserError("interop: at least one --server NAME=TARGET is required (see polyrpc interop --help)");
  const clientsText = stringOption(args, "clients");
  const clients = clientsText?.split(",").map((c) => c.trim()) as CaseClient[] | undefined;
  const headers = parseHeaders((args.values["header"] as string[] | undefined) ?? []);
  const metadata: Record<string, string> = {};
  for (const [key, values] of Object.entries(headers)) {
    // Headers go to the Python client as strings too, so a -bin header keeps its base64 text here.
    const first = (values as (string | Uint8Array)[])[0]!;
    metadata[key] = typeof first === "string" ? first : Buffer.from(first).toString("base64");
  }
  const reportDir = stringOption(args, "report");
  const junitFile = stringOption(args, "junit");
  // Checked before any call, so a run is not lost to an output path that cannot be written.
  if (reportDir !== undefined && (await isA(resolve(cwd, reportDir))) === "file") throw new UserError(`interop: --report ${reportDir}: a file, not a folder`);
  if (junitFile !== undefined && (await isA(resolve(cwd, junitFile))) === "folder") throw new UserError(`interop: --junit ${junitFile}: a folder, not a file`);
  const result = await runCases({
    file: casesPath,
    servers,
    reference: stringOption(args, "reference"),
    clients,
    proto: args.values["proto"] as string[] | undefined,
    importPaths: args.values["import-path"] as string[] | undefined,
    protoset: (args.values["protoset"] as string[] | undefined)?.map((p) => resolve(cwd, p)),
    cwd,
    metadata,
    timeoutMs: integerOption("interop", args, "timeout", "milliseconds", DEFAULT_CALL_TIMEOUT_MS),
    transport: transportFlags(args),
    python: stringOption(args, "python"),
    onNotice: (line) => io.stderr(`${line}\n`),
  });
  io.stdout(renderCasesTable(result));
  if (reportDir !== undefined) {
    const written = await writeCasesReport(result, resolve(cwd, reportDir)).catch((e: Error) => {
      throw new UserError(`interop: --report ${reportDir}: cannot write the report: ${e.message}`);
    });
    io.stderr(`polyrpc: wrote ${written.json} and ${written.html}\n`);
  }
  if (junitFile !== undefined) {
    await writeJunit(result, resolve(cwd, junitFile)).catch((e: Error) => {
      throw new UserError(`interop: --junit ${junitFile}: cannot write the file: ${e.message}`);
    });
    io.stderr(`polyrpc: wrote ${resolve(cwd, junitFile)}\n`);
  }
  return result.ok ? 0 : 1;
}

/** Whether `path` is a file, a folder, or absent (or unreadable, which the write will then report). */
async function isA(path: string): Promise<"file" | "folder" | undefined> {
  try {
    return (await stat(path)).isDirectory() ? "folder" : "file";
  } catch {
    return undefined;
  }
}
