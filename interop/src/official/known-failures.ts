// The official cases' known-failure list: `known-failures.txt` beside this file, one
// `<column> | <case> | <reason>` a line. A listed case that fails is a "known-failure" with the reason;
// a listed case that passes is a "fail", so the list can only shrink.
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { CellResult } from "../report/cell-result.js";
import { isOfficialCase, OFFICIAL_CASES } from "./interop-client.js";

/** The two pairings of the official run. */
export const COLUMN_TS_SERVER = "ts server × go client";
export const COLUMN_GO_SERVER = "go server × ts client";
export const OFFICIAL_COLUMNS = [COLUMN_TS_SERVER, COLUMN_GO_SERVER] as const;

/** The report row of a case. */
export function officialRow(testCase: string): string {
  return `official.${testCase}`;
}

/** The detail of a listed case that passed. */
export const LISTED_BUT_PASSED = "listed as a known failure but passed: remove it from known-failures.txt";

export interface KnownFailure {
  column: string;
  /** The case name, without the `official.` prefix. */
  case: string;
  reason: string;
}

/**
 * Parses the list. Blank lines and lines starting with `#` are ignored. Throws, naming the line, for a
 * line without three `|`-separated parts, an unknown column or case, an empty reason, or a duplicate.
 */
export function parseKnownFailures(text: string, source = "known-failures.txt"): KnownFailure[] {
  const entries: KnownFailure[] = [];
  const seen = new Set<string>();
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) return;
    const where = `${source}:${index + 1}`;
    const parts = line.split("|").map((p) => p.trim());
    if (parts.length < 3) throw new Error(`${where}: want "<column> | <case> | <reason>", got ${JSON.stringify(line)}`);
    const [column = "", rawCase = "", ...rest] = parts;
    const reason = rest.join(" | ").trim();
    if (!(OFFICIAL_COLUMNS as readonly string[]).includes(column)) {
      throw new Error(`${where}: unknown column ${JSON.stringify(column)}; the columns are ${OFFICIAL_COLUMNS.map((c) => JSON.stringify(c)).join(", ")}`);
    }
    const testCase = rawCase.startsWith("official.") ? rawCase.slice("official.".length) : rawCase;
    if (!isOfficialCase(testCase)) throw new Error(`${where}: unknown case ${JSON.stringify(rawCase)}; the cases are ${OFFICIAL_CASES.join(", ")}`);
    if (reason === "") throw new Error(`${where}: a known failure needs a reason`);
    const key = `${column}\u0000${testCase}`;
    if (seen.has(key)) throw new Error(`${where}: ${column} | ${testCase} is listed twice`);
    seen.add(key);
    entries.push({ column, case: testCase, reason });
  });
  return entries;
}

/** The committed list: beside this module (src/official), also when running from dist/. */
export function defaultKnownFailuresPath(): string {
  const here = fileURLToPath(new URL("./known-failures.txt", import.meta.url));
  if (existsSync(here)) return here;
  const inSrc = here.replace(/([\\/])dist([\\/])/, "$1src$2");
  return existsSync(inSrc) ? inSrc : here;
}

/** Reads and parses the list; a missing file is an empty list. */
export async function loadKnownFailures(path = defaultKnownFailuresPath()): Promise<KnownFailure[]> {
  if (!existsSync(path)) return [];
  return parseKnownFailures(await readFile(path, "utf8"), path);
}

/**
 * Applies the list to results: a listed failure becomes "known-failure" with the listed reason; a listed
 * pass becomes a "fail" ({@link LISTED_BUT_PASSED}). Skipped cells and unlisted cells are unchanged.
 */
export function applyKnownFailures(results: readonly CellResult[], known: readonly KnownFailure[]): CellResult[] {
  const byKey = new Map(known.map((k) => [`${k.column}\u0000${officialRow(k.case)}`, k]));
  return results.map((r) => {
    const listed = byKey.get(`${r.column}\u0000${r.row}`);
    if (listed === undefined) return r;
    if (r.status === "fail") return { ...r, status: "known-failure", detail: listed.reason };
    if (r.status === "pass") return { ...r, status: "fail", detail: LISTED_BUT_PASSED };
    return r;
  });
}
