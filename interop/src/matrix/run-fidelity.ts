import { join } from "node:path";
import { loadCaseFile, runCases, type CaseCell, type CaseClient, type CaseFile, type CellProblem } from "@polyrpc/client";
import { repoRoot } from "@polyrpc/devkit";
import type { CellResult } from "../report/cell-result.js";
import { columnName } from "./run-matrix.js";
import { startServerProcess, type ServerImpl, type ServerProcess } from "./server-process.js";

/** The fidelity corpus (docs/type-mapping.md explains what it pins). */
export const fidelityCaseFile = join(repoRoot, "interop/cases/fidelity.yaml");

/** The servers of the fidelity cells: the matrix's three; `py` is the reference, as in the seed matrix. */
const fidelityServers: ServerImpl[] = ["py", "ts", "py-aio"];
/** The clients of the case runner (@polyrpc/client's runCases): TypeScript and Python (polyrpc.case_client). */
const fidelityClients: CaseClient[] = ["ts", "py"];

/** Every fidelity pairing's column, in report order (a subset of the matrix's columns). */
export const fidelityColumns = (["ts", "py", "py-aio"] as const).flatMap((server) => fidelityClients.map((client) => columnName(server, client)));

/** The fidelity case file, parsed and checked (no server is called). */
export function loadFidelityCases(): Promise<CaseFile> {
  return loadCaseFile(fidelityCaseFile);
}

/**
 * Runs the fidelity cases (all, or those named in `only`) through the case runner in every pairing: the
 * TypeScript fidelity server (src/fidelity) and the Python seed servers (serve_all, serve_all_aio, which
 * serve FidelityService too) × the TypeScript and Python case clients. Each cell must meet its case's
 * `expect` and equal the py server's outcome with the same client. Servers listen on 127.0.0.1 port 0 and
 * are stopped by pid, also when the run throws; a server that does not start, or a runner that rejects
 * (a Python client that cannot be imported), fails every cell with the reason.
 */
export async function runFidelity(only?: readonly string[]): Promise<CellResult[]> {
  const file = await loadFidelityCases();
  const cases: CaseFile = only === undefined ? file : { path: file.path, cases: file.cases.filter((c) => only.includes(c.name)) };
  if (cases.cases.length === 0) return [];
  const started: ServerProcess[] = [];
  try {
    const processes = await Promise.all(
      fidelityServers.map((impl) => startServerProcess(impl === "ts" ? "ts-fidelity" : impl).then((p) => (started.push(p), p))),
    );
    const result = await runCases({
      cases,
      servers: fidelityServers.map((impl, i) => ({ name: impl, target: processes[i]!.target })),
      reference: "py",
      clients: fidelityClients,
      python: join(repoRoot, ".venv/bin/python"),
    });
    // Report order: the matrix's (ts, py, py-aio), not the start order, which puts the reference first.
    return (["ts", "py", "py-aio"] as const)
      .flatMap((server) => fidelityClients.map((client) => ({ server, client })))
      .flatMap(({ server, client }) => result.cells.filter((c) => c.server === server && c.client === client))
      .sort((a, b) => cases.cases.findIndex((c) => c.name === a.case) - cases.cases.findIndex((c) => c.name === b.case))
      .map((cell) => toCellResult(cell));
  } catch (e) {
    const detail = `fidelity run failed: ${(e as Error).message}`;
    return cases.cases.flatMap((c) => fidelityColumns.map((column) => ({ row: c.name, column, status: "fail" as const, ms: 0, detail })));
  } finally {
    await Promise.all(started.map((p) => p.stop()));
  }
}

function toCellResult(cell: CaseCell): CellResult {
  const base = { row: cell.case, column: columnName(cell.server as ServerImpl, cell.client), ms: Math.round(cell.ms) };
  if (cell.passed) return { ...base, status: "pass" };
  return { ...base, status: "fail", detail: cell.problems.map(problemText).join("; ") };
}

/** A problem as the matrix prints it: the field path and both values. */
function problemText(p: CellProblem): string {
  if (p.kind === "error") return `${p.path}: ${p.actual}`;
  const against = p.kind === "expect" ? "expected" : "py server has";
  return `${p.path}: ${against} ${p.expected}, got ${p.actual}`;
}
