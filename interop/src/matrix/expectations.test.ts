import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { expectations, firstDifference } from "./expectations.js";
import { tsClientCases } from "./ts-client-cases.js";

describe("firstDifference", () => {
  it("returns undefined for equal values", () => {
    assert.equal(firstDifference({ a: [1, { b: "x" }] }, { a: [1, { b: "x" }] }), undefined);
  });

  it("names the path and both values of the first difference", () => {
    assert.equal(firstDifference({ distance: 16226169 }, { distance: 16226172 }), "distance: expected 16226169, got 16226172");
    assert.equal(
      firstDifference(
        {
          rows: [
            [1, 2],
            [3, 4],
          ],
        },
        {
          rows: [
            [1, 2],
            [3, 5],
          ],
        },
      ),
      "rows[1][1]: expected 4, got 5",
    );
  });

  it("reports missing, extra and unexpected fields and items", () => {
    assert.equal(firstDifference({ a: 1, b: 2 }, { a: 1 }), "b: missing, expected 2");
    assert.equal(firstDifference({ a: 1 }, { a: 1, c: 3 }), "c: unexpected field with 3");
    assert.equal(firstDifference({ l: [1] }, { l: [1, 2] }), "l: got 2 items, expected 1 (extra 2)");
    assert.equal(firstDifference({ l: [1, 2] }, { l: [1] }), "l: got 1 items, expected 2 (missing 2)");
  });

  it("compares only the expected keys when partial", () => {
    assert.equal(firstDifference({ a: 1 }, { a: 1, extra: true }, "", true), undefined);
    assert.equal(firstDifference({ a: 1 }, { a: 2, extra: true }, "", true), "a: expected 1, got 2");
  });
});

describe("the matrix cases", () => {
  it("require the BadRequest field violations of the rejecting cases, not only code and message", () => {
    const message = 'invalid body: not valid JSON: "{not json — ünïcode ✓"';
    const expected = expectations["firstmsg.invalid_json"]!;
    assert.equal(firstDifference(expected, { code: "INVALID_ARGUMENT", message, violations: [["body", message]] }, "", true), undefined);
    assert.equal(
      firstDifference(expected, { code: "INVALID_ARGUMENT", message, violations: [] }, "", true),
      `violations: got 0 items, expected 1 (missing ${JSON.stringify(["body", message])})`,
    );
    assert.match(firstDifference(expected, { code: "INVALID_ARGUMENT", message }, "", true) ?? "", /^violations: missing/);
  });

  it("have an expectation and a TypeScript implementation for each case of CASES.md, and nothing else", async () => {
    const { readFile } = await import("node:fs/promises");
    const spec = await readFile(new URL("../../CASES.md", import.meta.url), "utf8");
    const documented = [...spec.matchAll(/^\| `([a-z_]+\.[a-z_]+)` \|/gm)].map((m) => m[1]);
    assert.deepEqual(Object.keys(expectations), documented);
    assert.deepEqual(Object.keys(tsClientCases), documented);
  });
});
