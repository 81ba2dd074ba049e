import { InvalidArgumentError } from "../invalid-argument-error.js";
import { isIsoDate } from "./iso-date.js";

/** An inclusive range of `YYYY-MM-DD` dates; a missing bound is unbounded. */
export interface DateRange {
  /** First date kept, inclusive. */
  readonly start?: string;
  /** Last date kept, inclusive. */
  readonly end?: string;
}

/**
 * Validates the `start_date` / `end_date` pair of an Indicator request.
 *
 * Proto3 strings cannot be absent, so the empty string means "no bound". The error texts are
 * shared byte for byte with the Python server (see {@link InvalidArgumentError}).
 *
 * @param startDate - `start_date` from the request: `""` or `YYYY-MM-DD`.
 * @param endDate - `end_date` from the request: `""` or `YYYY-MM-DD`.
 * @returns The bounds that were given, as the same strings (ISO dates compare correctly as text).
 * @throws InvalidArgumentError when a bound is not a real date in strict form, or start > end.
 */
export function parseDateRange(startDate: string, endDate: string): DateRange {
  const start = parseBound("start_date", startDate);
  const end = parseBound("end_date", endDate);
  if (start !== undefined && end !== undefined && start > end) {
    throw new InvalidArgumentError(`invalid range: start_date ${start} is after end_date ${end}`, ["start_date", "end_date"]);
  }
  // Only set keys that have a value, so `"start" in range` means the same as a bound being set.
  return {
    ...(start === undefined ? {} : { start }),
    ...(end === undefined ? {} : { end }),
  };
}

function parseBound(field: "start_date" | "end_date", value: string): string | undefined {
  if (value === "") return undefined;
  if (!isIsoDate(value)) {
    // JSON quoting makes blank, padded or control-character values visible in the message. The
    // Python server must quote the same way (json.dumps with ensure_ascii=False) for non-ASCII
    // input to compare equal.
    throw new InvalidArgumentError(`invalid ${field}: ${JSON.stringify(value)} is not a date in YYYY-MM-DD form`, [field]);
  }
  return value;
}
