import { existsSync, readFileSync } from "node:fs";
import type { CellResult } from "../report/cell-result.js";

/** A known failure: a cell expected to fail, and why. */
export interface KnownFailure {
  column: string;
  row: string;
  reason: string;
}

/**
 * Reads a known-failures file: one `<column> | <case> | <reason>` per line; `#` starts a comment.
 * Throws on a malformed line, naming it.
 */
export function readKnownFailures(path: string): KnownFailure[] {
  if (!existsSync(path)) return [];
  const failures: KnownFailure[] = [];
  readFileSync(path, "utf8")
    .split("\n")
    .forEach((raw, i) => {
      const line = raw.replace(/#.*$/, "").trim();
      if (line === "") return;
      const parts = line.split("|").map((p) => p.trim());
      if (parts.length !== 3 || parts.some((p) => p === "")) {
        throw new Error(`${path}:${i + 1}: expected "<column> | <case> | <reason>", got ${JSON.stringify(raw)}`);
      }
      failures.push({ column: parts[0]!, row: parts[1]!, reason: parts[2]! });
    });
  return failures;
}

/**
 * Applies the known failures to results: a listed cell that failed becomes "known-failure" with the
 * reason; a listed cell that passed becomes a failure, so the list can only shrink.
 */
export function applyKnownFailures(results: CellResult[], known: readonly KnownFailure[]): CellResult[] {
  return results.map((cell) => {
    const entry = known.find((k) => k.column === cell.column && k.row === cell.row);
    if (entry === undefined) return cell;
    if (cell.status === "fail") return { ...cell, status: "known-failure", detail: `${entry.reason} (${cell.detail ?? "failed"})` };
    if (cell.status === "pass") return { ...cell, status: "fail", detail: "listed as a known failure but passed: remove it from the known-failures list" };
    return cell;
  });
}
