/** A case's outcome: JSON built only from what crossed the wire (see interop/CASES.md). */
export type Outcome = { [key: string]: Json };
/** A JSON value. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** What one client printed for one case: an outcome, or the unexpected error it hit. */
export interface CaseRun {
  case: string;
  outcome?: Outcome;
  error?: string;
  ms: number;
}
