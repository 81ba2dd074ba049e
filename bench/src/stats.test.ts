import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { summarize } from "./stats.js";

describe("summarize", () => {
  it("gives the middle value of an odd count, and the spread as (max - min) / median", () => {
    assert.deepEqual(summarize([30, 10, 20]), { median: 20, min: 10, max: 30, spreadPct: 100, runs: [30, 10, 20] });
  });
  it("averages the two middle values of an even count", () => {
    assert.equal(summarize([4, 1, 3, 2]).median, 2.5);
  });
  it("rejects no values and non-finite ones", () => {
    assert.throws(() => summarize([]), /at least one value/);
    assert.throws(() => summarize([1, Number.NaN]), /non-finite value: NaN/);
  });
});
