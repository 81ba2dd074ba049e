import { formatTable } from "@polyrpc/cli-kit";
import type { CellResult } from "./cell-result.js";

const marks: Record<CellResult["status"], string> = { pass: "pass", fail: "FAIL", "known-failure": "known", skipped: "skip" };

/**
 * A plain-text table: one row per case, one column per pairing, each cell `pass 12ms` (or FAIL, known,
 * skip), followed by the details of every cell that is not a plain pass.
 */
export function renderTable(results: readonly CellResult[]): string {
  const rows = [...new Set(results.map((r) => r.row))];
  const columns = [...new Set(results.map((r) => r.column))];
  const cell = (row: string, column: string) => {
    const r = results.find((x) => x.row === row && x.column === column);
    return r === undefined ? "-" : `${marks[r.status]} ${r.ms}ms`;
  };
  const out = formatTable(
    ["case", ...columns],
    rows.map((row) => [row, ...columns.map((c) => cell(row, c))]),
  );
  const notes = results.filter((r) => r.status !== "pass");
  if (notes.length > 0) {
    out.push("", "Details:");
    // One line per cell: a multi-line detail (a stderr dump) is cut to its first line; the HTML has it all.
    for (const r of notes) out.push(`  ${marks[r.status]}  ${r.row} [${r.column}]: ${(r.detail ?? "").split("\n")[0]}`);
  }
  out.push("", summaryLine(results));
  return out.join("\n");
}

/** `N passed, N failed` (plus known failures and skips), the closing line of a run. */
export function summaryLine(results: readonly CellResult[]): string {
  const count = (s: CellResult["status"]) => results.filter((r) => r.status === s).length;
  return `interop: ${count("pass")} passed, ${count("fail")} failed, ${count("skipped")} skipped, ${count("known-failure")} known failures`;
}
