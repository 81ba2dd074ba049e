import * as assert from "node:assert/strict";
import { describe, it } from "node:test";

import { parseDateRange } from "./date-range.js";
import { InvalidArgumentError } from "../invalid-argument-error.js";

/** Asserts that `fn` throws an InvalidArgumentError with exactly `message`. */
function throwsInvalid(fn: () => unknown, message: string): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof InvalidArgumentError, `expected InvalidArgumentError, got ${String(err)}`);
    assert.equal(err.message, message);
    assert.equal(err.name, "InvalidArgumentError");
    return true;
  });
}

describe("parseDateRange", () => {
  it("treats empty strings as unbounded", () => {
    assert.deepEqual(parseDateRange("", ""), {});
    assert.deepEqual(parseDateRange("2023-01-02", ""), { start: "2023-01-02" });
    assert.deepEqual(parseDateRange("", "2023-01-02"), { end: "2023-01-02" });
    assert.ok(!("start" in parseDateRange("", "2023-01-02")));
  });

  it("accepts real dates, including leap days and a one-day range", () => {
    assert.deepEqual(parseDateRange("2024-02-29", "2024-03-01"), { start: "2024-02-29", end: "2024-03-01" });
    assert.deepEqual(parseDateRange("2000-02-29", "2000-02-29"), { start: "2000-02-29", end: "2000-02-29" });
    assert.deepEqual(parseDateRange("0001-01-01", "9999-12-31"), { start: "0001-01-01", end: "9999-12-31" });
  });

  it("rejects dates that do not exist, with the exact shared message", () => {
    throwsInvalid(() => parseDateRange("2023-02-30", ""), 'invalid start_date: "2023-02-30" is not a date in YYYY-MM-DD form');
    throwsInvalid(() => parseDateRange("", "2023-02-29"), 'invalid end_date: "2023-02-29" is not a date in YYYY-MM-DD form');
    for (const bad of ["1900-02-29", "2023-04-31", "2023-13-01", "2023-00-10", "2023-01-00", "0000-01-01"]) {
      throwsInvalid(() => parseDateRange(bad, ""), `invalid start_date: "${bad}" is not a date in YYYY-MM-DD form`);
    }
  });

  it("rejects anything but strict YYYY-MM-DD", () => {
    for (const bad of [
      "2023-1-02",
      "2023-01-2",
      "23-01-02",
      "2023/01/02",
      "20230102",
      " 2023-01-02",
      "2023-01-02 ",
      "2023-01-02T00:00:00Z",
      "+2023-01-02",
      "２０２３-01-02", // full-width digits
      "yesterday",
    ]) {
      throwsInvalid(() => parseDateRange("", bad), `invalid end_date: ${JSON.stringify(bad)} is not a date in YYYY-MM-DD form`);
    }
  });

  it("JSON-quotes the offending value", () => {
    throwsInvalid(() => parseDateRange('a"b\n', ""), 'invalid start_date: "a\\"b\\n" is not a date in YYYY-MM-DD form');
  });

  it("checks start_date before end_date when both are malformed", () => {
    throwsInvalid(() => parseDateRange("x", "y"), 'invalid start_date: "x" is not a date in YYYY-MM-DD form');
  });

  it("rejects a reversed range with the exact shared message", () => {
    throwsInvalid(() => parseDateRange("2024-03-01", "2024-02-29"), "invalid range: start_date 2024-03-01 is after end_date 2024-02-29");
    throwsInvalid(() => parseDateRange("2023-01-01", "2022-12-31"), "invalid range: start_date 2023-01-01 is after end_date 2022-12-31");
  });
});
