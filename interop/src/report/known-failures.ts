// Known-failure lists, shared by the matrix (interop/known-failures/matrix.txt) and the official cases
// (interop/known-failures/official.txt): one `<column> | <case> | <reason>` a line. A listed cell that fails is
// a "known-failure" with the reason; a listed cell that passes is a "fail", so a list can only shrink.
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import type { CellResult } from "./cell-result.js";

/** A cell expected to fail, and why. */
export interface KnownFailure {
  column: string;
  /** The report row (the case as the report names it, e.g. `official.empty_unary`). */
  row: string;
  reason: string;
}

/** What a list may name: its columns and rows; `toRow` maps a written case to its report row. */
export interface KnownFailureScope {
  columns: readonly string[];
  rows: readonly string[];
  toRow?: (written: string) => string;
}

/** The detail of a listed cell that passed. */
export const listedButPassed = "listed as a known failure but passed: remove it from the known-failures list";

/**
 * Parses a list. Blank lines and lines starting with `#` are ignored; a reason may contain `|`. Throws,
 * naming `source:line`, for a line without three parts, an unknown column or case, an empty reason, or
 * a cell listed twice.
 */
export function parseKnownFailures(text: string, source: string, scope: KnownFailureScope): KnownFailure[] {
  const entries: KnownFailure[] = [];
  const seen = new Set<string>();
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) return;
    const where = `${source}:${index + 1}`;
    const parts = line.split("|").map((p) => p.trim());
    if (parts.length < 3) throw new Error(`${where}: want "<column> | <case> | <reason>", got ${JSON.stringify(line)}`);
    const [column = "", written = "", ...rest] = parts;
    const reason = rest.join(" | ").trim();
    if (!scope.columns.includes(column)) {
      throw new Error(`${where}: unknown column ${JSON.stringify(column)}; the columns are ${scope.columns.map((c) => JSON.stringify(c)).join(", ")}`);
    }
    const row = scope.toRow?.(written) ?? written;
    if (!scope.rows.includes(row)) throw new Error(`${where}: unknown case ${JSON.stringify(written)}; the cases are ${scope.rows.join(", ")}`);
    if (reason === "") throw new Error(`${where}: a known failure needs a reason`);
    const key = `${column}\u0000${row}`;
    if (seen.has(key)) throw new Error(`${where}: ${column} | ${row} is listed twice`);
    seen.add(key);
    entries.push({ column, row, reason });
  });
  return entries;
}

/** Reads and parses a list; a missing file is an empty list. */
export async function loadKnownFailures(path: string, scope: KnownFailureScope): Promise<KnownFailure[]> {
  if (!existsSync(path)) return [];
  return parseKnownFailures(await readFile(path, "utf8"), path, scope);
}

/**
 * Applies a list to results: a listed failure becomes "known-failure" with the listed reason (and the
 * failure's own detail); a listed pass becomes a "fail" ({@link listedButPassed}). Skipped and unlisted
 * cells are unchanged.
 */
export function applyKnownFailures(results: readonly CellResult[], known: readonly KnownFailure[]): CellResult[] {
  const byKey = new Map(known.map((k) => [`${k.column}\u0000${k.row}`, k]));
  return results.map((r) => {
    const listed = byKey.get(`${r.column}\u0000${r.row}`);
    if (listed === undefined) return r;
    if (r.status === "fail") return { ...r, status: "known-failure", detail: r.detail === undefined ? listed.reason : `${listed.reason} (${r.detail})` };
    if (r.status === "pass") return { ...r, status: "fail", detail: listedButPassed };
    return r;
  });
}
