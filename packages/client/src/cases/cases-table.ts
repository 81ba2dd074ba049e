import { formatTable } from "@polyrpc/cli-kit";
import type { CaseCell, CasesResult, CellProblem } from "./run-cases.js";

/** The column of a cell: `<server> server × <client> client`, such as `py-prod server × ts client`. */
export function cellColumn(cell: Pick<CaseCell, "server" | "client">): string {
  return `${cell.server} server × ${cell.client} client`;
}

/** One problem as a sentence: `responses[0].name: "a" on the reference server, "b" here`. */
export function problemText(problem: CellProblem, reference: string): string {
  switch (problem.kind) {
    case "reference":
      return `${problem.path}: ${problem.expected} on ${reference} (reference), ${problem.actual} here`;
    case "expect":
      return `${problem.path}: expected ${problem.expected}, got ${problem.actual}`;
    case "error":
      return `${problem.path}: ${problem.actual}`;
  }
}

/**
 * The result as a plain-text table: one row per case, one column per server × client, each cell ✓ or
 * ✗ with a short reason (the first problem's field path); then one line per problem of each failed cell,
 * naming the case, server, client, field path and both values, followed, when the call ended with a status
 * other than OK, by that status and its google.rpc.Status details as JSON; then a summary line.
 */
export function renderCasesTable(result: CasesResult): string {
  const rows = [...new Set(result.cells.map((c) => c.case))];
  const columns = [...new Set(result.cells.map(cellColumn))];
  const mark = (row: string, column: string) => {
    const cell = result.cells.find((c) => c.case === row && cellColumn(c) === column);
    if (cell === undefined) return "-";
    if (cell.passed) return "✓";
    const first = cell.problems[0]!;
    const more = cell.problems.length > 1 ? ` +${cell.problems.length - 1}` : "";
    return `✗ ${first.kind === "expect" ? "expect " : ""}${first.path}${more}`;
  };
  const out = formatTable(
    ["case", ...columns],
    rows.map((row) => [row, ...columns.map((c) => mark(row, c))]),
  );
  const failed = result.cells.filter((c) => !c.passed);
  if (failed.length > 0) {
    out.push("", "Problems:");
    for (const cell of failed) {
      for (const p of cell.problems) out.push(`  ✗ ${cell.case} [server ${cell.server}, client ${cell.client}] ${problemText(p, result.reference)}`);
      // The status and error details the cell got, as `polyrpc call` prints them, for the cells that failed.
      if (cell.outcome.status !== "OK") {
        out.push(`      got ${cell.outcome.status}${cell.outcome.message === "" ? "" : `: ${cell.outcome.message}`}`);
        for (const detail of cell.outcome.details) out.push(`      detail ${JSON.stringify(detail)}`);
      }
    }
  }
  out.push("", casesSummary(result));
  return `${out.join("\n")}\n`;
}

/** `interop: N cases × M servers × K clients: P passed, F failed (reference: name)`. */
export function casesSummary(result: CasesResult): string {
  const cases = new Set(result.cells.map((c) => c.case)).size;
  const passed = result.cells.filter((c) => c.passed).length;
  return (
    `interop: ${cases} case(s) × ${result.servers.length} server(s) × ${result.clients.length} client(s): ` +
    `${passed} passed, ${result.cells.length - passed} failed (reference: ${result.reference})`
  );
}
