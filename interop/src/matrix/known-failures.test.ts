import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { CellResult } from "../report/cell-result.js";
import { applyKnownFailures, readKnownFailures } from "./known-failures.js";

const file = (text: string) => {
  const path = join(mkdtempSync(join(tmpdir(), "polyrpc-known-")), "known.txt");
  writeFileSync(path, text);
  return path;
};

describe("known failures", () => {
  it("reads entries and skips comments and blank lines", () => {
    const known = readKnownFailures(file("# header\n\nts server × py client | a.b | flaky peer # why\n"));
    assert.deepEqual(known, [{ column: "ts server × py client", row: "a.b", reason: "flaky peer" }]);
  });

  it("rejects a malformed line, naming file and line", () => {
    const path = file("ok | a.b | reason\nnot a triple\n");
    assert.throws(() => readKnownFailures(path), new RegExp(`${path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:2: expected`));
  });

  it("marks listed failures known, and a listed pass as a failure so the list only shrinks", () => {
    const cells: CellResult[] = [
      { row: "a.b", column: "c", status: "fail", ms: 1, detail: "boom" },
      { row: "a.c", column: "c", status: "pass", ms: 1 },
      { row: "a.d", column: "c", status: "fail", ms: 1 },
    ];
    const out = applyKnownFailures(cells, [
      { row: "a.b", column: "c", reason: "known bug" },
      { row: "a.c", column: "c", reason: "was broken" },
    ]);
    assert.deepEqual(out.map((c) => c.status), ["known-failure", "fail", "fail"]);
    assert.equal(out[0]!.detail, "known bug (boom)");
    assert.match(out[1]!.detail!, /listed as a known failure but passed/);
  });
});
