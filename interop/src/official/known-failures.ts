// The official cases' known-failure list: `known-failures.txt` beside this file, read with the shared
// parser of ../report/known-failures.ts.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { loadKnownFailures, type KnownFailure, type KnownFailureScope } from "../report/known-failures.js";
import { OFFICIAL_CASES } from "./interop-client.js";

/** The two pairings of the official run. */
export const COLUMN_TS_SERVER = "ts server × go client";
export const COLUMN_GO_SERVER = "go server × ts client";
export const OFFICIAL_COLUMNS = [COLUMN_TS_SERVER, COLUMN_GO_SERVER] as const;

/** The report row of a case. */
export function officialRow(testCase: string): string {
  return `official.${testCase}`;
}

/** What the official list may name; a case may be written with or without its `official.` prefix. */
export const officialScope: KnownFailureScope = {
  columns: OFFICIAL_COLUMNS,
  rows: OFFICIAL_CASES.map(officialRow),
  toRow: (written) => (written.startsWith("official.") ? written : officialRow(written)),
};

/** The committed list: beside this module (src/official), also when running from dist/. */
export function defaultKnownFailuresPath(): string {
  const here = fileURLToPath(new URL("./known-failures.txt", import.meta.url));
  if (existsSync(here)) return here;
  const inSrc = here.replace(/([\\/])dist([\\/])/, "$1src$2");
  return existsSync(inSrc) ? inSrc : here;
}

/** Reads the official list (default: the committed one). */
export function loadOfficialKnownFailures(path = defaultKnownFailuresPath()): Promise<KnownFailure[]> {
  return loadKnownFailures(path, officialScope);
}
