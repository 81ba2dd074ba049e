import type { CellResult } from "../report/cell-result.js";
import { expectations, firstDifference } from "./expectations.js";
import type { CaseRun } from "./outcome.js";
import { runTsClassicClient } from "./run-classic-client.js";
import { runPyClient, runTsClient } from "./run-clients.js";
import { startServerProcess, type ServerImpl, type ServerProcess } from "./server-process.js";

/** The servers: TypeScript, Python on grpcio (serve_all), Python on grpc.aio (serve_all_aio). */
const impls: ServerImpl[] = ["ts", "py", "py-aio"];
/**
 * The clients: TypeScript (@polyrpc/grpc), Python (grpcio), `ts-classic`, TypeScript written the grpc-node
 * examples' way with grpc-tools-style stubs (@polyrpc/stubs-classic), and Python on grpc.aio (`py-aio`).
 * Listed apart from the servers, which may have implementations that are no client.
 */
type ClientImpl = "ts" | "py" | "ts-classic" | "py-aio";
const clients: ClientImpl[] = ["ts", "py", "ts-classic", "py-aio"];

/** Every matrix case, in report order. */
export const matrixCases = Object.keys(expectations);

/** Every pairing's column, in report order. */
export const matrixColumns = impls.flatMap((server) => clients.map((client) => columnName(server, client)));

/** The report column of a pairing. */
export function columnName(server: ServerImpl, client: ClientImpl): string {
  return `${server} server × ${client} client`;
}

/**
 * Runs every case in the twelve pairings {ts, py, py-aio} server × {ts, py, ts-classic, py-aio} client. Each server is started on
 * 127.0.0.1 port 0 and stopped by pid when its cases are done, also when a case fails or throws.
 */
export async function runMatrix(cases: readonly string[] = matrixCases): Promise<CellResult[]> {
  const runs = new Map<string, CaseRun[]>();
  const logs = new Map<ServerImpl, string[]>();
  for (const server of impls) {
    let process: ServerProcess | undefined;
    try {
      process = await startServerProcess(server);
      runs.set(`${server}/ts`, await runTsClient(process.target, cases));
      runs.set(`${server}/py`, await runPyClient(process.target, cases));
      runs.set(`${server}/ts-classic`, await runTsClassicClient(process.target, cases));
      runs.set(`${server}/py-aio`, await runPyClient(process.target, cases, "py-aio"));
      logs.set(server, process.lines);
    } catch (e) {
      // The server did not start: every cell of it fails with the reason.
      for (const client of clients)
        runs.set(
          `${server}/${client}`,
          cases.map((c) => ({ case: c, error: (e as Error).message, ms: 0 })),
        );
    } finally {
      await process?.stop();
    }
  }
  const results: CellResult[] = [];
  for (const row of cases) {
    const reference = runs.get("py/py")?.find((r) => r.case === row);
    for (const server of impls) {
      for (const client of clients) {
        const run = runs.get(`${server}/${client}`)!.find((r) => r.case === row)!;
        results.push({
          row,
          column: columnName(server, client),
          ms: Math.round(run.ms),
          ...judge(row, run, reference, server, client, logs.get(server) ?? []),
        });
      }
    }
  }
  return results;
}

/** Decides one cell: the client's error, a broken expectation, a difference from the reference cell, or pass. */
function judge(
  row: string,
  run: CaseRun,
  reference: CaseRun | undefined,
  server: ServerImpl,
  client: ClientImpl,
  serverLog: readonly string[],
): Pick<CellResult, "status" | "detail"> {
  if (run.error !== undefined || run.outcome === undefined) return { status: "fail", detail: run.error ?? "no outcome" };
  const expected = expectations[row];
  if (expected === undefined) return { status: "fail", detail: `unknown case ${row}` };
  const broken = firstDifference(expected, run.outcome, "", true);
  if (broken !== undefined) return { status: "fail", detail: broken };
  if (row === "contact.tell_result") {
    for (const i of [1, 2]) {
      const line = `我已经知道客户端接收到我发过去的任务:客户端接收到任务:matrix-${client}-${i}`;
      if (!serverLog.includes(line)) return { status: "fail", detail: `acknowledgement ${i} did not reach the ${server} server (no "${line}" in its output)` };
    }
  }
  if (server === "py" && client === "py") return { status: "pass" };
  if (reference?.outcome === undefined) return { status: "fail", detail: "the reference cell (py server × py client) has no outcome to compare with" };
  const differs = firstDifference(reference.outcome, run.outcome);
  if (differs !== undefined) return { status: "fail", detail: `differs from py server × py client: ${differs}` };
  return { status: "pass" };
}
