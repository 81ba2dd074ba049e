/** Outcome of one cell of an interop report. */
export type CellStatus = "pass" | "fail" | "known-failure" | "skipped";

/** One cell: a case (row) run by one server/client pairing (column). */
export interface CellResult {
  /** The case, for example `routeguide.record_route` or `official.empty_unary`. */
  row: string;
  /** The pairing, written `<server> server × <client> client`, for example `ts server × py client`. */
  column: string;
  status: CellStatus;
  /** Wall time of the case in milliseconds. */
  ms: number;
  /**
   * Why it failed, which field differed, the known-failure reason, or why it was skipped. Empty for a
   * plain pass.
   */
  detail?: string;
}
