// The official cases' known-failure list: interop/known-failures/official.txt (beside the matrix's list),
// read with the shared parser of ../report/known-failures.ts.
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

/** The committed list, interop/known-failures/official.txt: two levels up from src/official and dist/official alike. */
export function defaultKnownFailuresPath(): string {
  return fileURLToPath(new URL("../../known-failures/official.txt", import.meta.url));
}

/** Reads the official list (default: the committed one). */
export function loadOfficialKnownFailures(path = defaultKnownFailuresPath()): Promise<KnownFailure[]> {
  return loadKnownFailures(path, officialScope);
}
