// The official gRPC interop cases against grpc-go, both ways:
//   ts server × go client: our TestService on the bridge, grpc-go's interop client binary once per case;
//   go server × ts client: grpc-go's interop server binary, our TypeScript cases (interop-client.ts).
import { createChannel } from "@polyrpc/grpc";
import type { CellResult } from "../report/cell-result.js";
import { GO_NOT_FOUND, GRPC_GO_VERSION, ensureGoPeers, findGo, runGoClientCase, startGoServer, type GoPeers } from "./go-peer.js";
import { isOfficialCase, OFFICIAL_CASES, runTsClientCase, type OfficialCase } from "./interop-client.js";
import { applyKnownFailures } from "../report/known-failures.js";
import { COLUMN_GO_SERVER, COLUMN_TS_SERVER, loadOfficialKnownFailures, officialRow } from "./known-failures.js";
import { serveTestService } from "./serve-test-service.js";

export { COLUMN_GO_SERVER, COLUMN_TS_SERVER, OFFICIAL_COLUMNS, officialRow } from "./known-failures.js";
export { GO_NOT_FOUND, GRPC_GO_VERSION } from "./go-peer.js";
export { OFFICIAL_CASES } from "./interop-client.js";

/** The longest a TypeScript case may run against the Go server (its calls have 10 s deadlines). */
const TS_CASE_TIMEOUT_MS = 30_000;

/**
 * Runs the official cases (all, or `options.cases`, by spec name) in both pairings and returns one cell
 * per case and pairing, with known failures applied (interop/known-failures/official.txt). Without `go` on PATH every
 * cell is "skipped" with {@link GO_NOT_FOUND}. Every process started is stopped before this returns.
 */
export async function runOfficial(options: { cases?: string[] } = {}): Promise<CellResult[]> {
  const cases = selectCases(options.cases);
  const knownFailures = await loadOfficialKnownFailures();

  const go = findGo();
  if (go === undefined) return everyCell(cases, { status: "skipped", detail: GO_NOT_FOUND });

  let peers: GoPeers;
  try {
    peers = await ensureGoPeers({ go });
  } catch (error) {
    return everyCell(cases, { status: "fail", detail: `cannot build grpc-go ${GRPC_GO_VERSION} interop peers: ${message(error)}` });
  }

  const results = [...(await tsServerColumn(cases, peers)), ...(await goServerColumn(cases, peers))];
  return applyKnownFailures(results, knownFailures);
}

function selectCases(requested: readonly string[] | undefined): OfficialCase[] {
  if (requested === undefined) return [...OFFICIAL_CASES];
  const unknown = requested.filter((c) => !isOfficialCase(c));
  if (unknown.length > 0) throw new Error(`unknown official interop case(s) ${unknown.join(", ")}; the cases are: ${OFFICIAL_CASES.join(", ")}`);
  return OFFICIAL_CASES.filter((c) => requested.includes(c));
}

function everyCell(cases: readonly OfficialCase[], cell: Pick<CellResult, "status" | "detail">): CellResult[] {
  return [COLUMN_TS_SERVER, COLUMN_GO_SERVER].flatMap((column) => cases.map((c) => ({ row: officialRow(c), column, ms: 0, ...cell })));
}

/** Our TestService, grpc-go's client binary once per case. */
async function tsServerColumn(cases: readonly OfficialCase[], peers: GoPeers): Promise<CellResult[]> {
  const column = COLUMN_TS_SERVER;
  let server;
  try {
    server = await serveTestService({ host: "127.0.0.1", port: 0 });
  } catch (error) {
    return cases.map((c) => ({ row: officialRow(c), column, status: "fail", ms: 0, detail: `cannot start the TypeScript TestService: ${message(error)}` }));
  }
  try {
    const results: CellResult[] = [];
    for (const c of cases) {
      const started = performance.now();
      let failure: string | undefined;
      try {
        failure = await runGoClientCase(peers.client, server.port, c);
      } catch (error) {
        failure = `cannot run the grpc-go interop client: ${message(error)}`;
      }
      results.push(cell(c, column, started, failure));
    }
    return results;
  } finally {
    await server.close(1000);
  }
}

/** grpc-go's server binary, our TypeScript cases. */
async function goServerColumn(cases: readonly OfficialCase[], peers: GoPeers): Promise<CellResult[]> {
  const column = COLUMN_GO_SERVER;
  let server;
  try {
    server = await startGoServer(peers.server);
  } catch (error) {
    return cases.map((c) => ({ row: officialRow(c), column, status: "fail", ms: 0, detail: `cannot start the grpc-go interop server: ${message(error)}` }));
  }
  try {
    const results: CellResult[] = [];
    for (const c of cases) {
      const started = performance.now();
      const channel = createChannel(server.target);
      let failure: string | undefined;
      try {
        await withTimeout(runTsClientCase(c, channel), TS_CASE_TIMEOUT_MS, `the case did not finish within ${TS_CASE_TIMEOUT_MS / 1000} s`);
      } catch (error) {
        failure = message(error);
      } finally {
        channel.close();
      }
      results.push(cell(c, column, started, failure));
    }
    return results;
  } finally {
    await server.stop();
  }
}

function cell(testCase: OfficialCase, column: string, started: number, failure: string | undefined): CellResult {
  const ms = Math.round(performance.now() - started);
  return failure === undefined
    ? { row: officialRow(testCase), column, status: "pass", ms }
    : { row: officialRow(testCase), column, status: "fail", ms, detail: failure };
}

async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(what)), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
