import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { repoRoot } from "@polyrpc/devkit";
import { loadFidelityCases, fidelityColumns } from "../matrix/run-fidelity.js";
import { parseKnownFailures } from "../report/known-failures.js";

const doc = readFileSync(join(repoRoot, "docs/type-mapping.md"), "utf8");
// A case name, not a file name such as interop/cases/fidelity.yaml or test_fidelity.py.
const caseName = /(?<![\w/-])fidelity\.[a-z0-9_.]*[a-z0-9_]/g;

/** The body rows of the table under `## Differences` (not its header or separator). */
function differenceRows(): string[] {
  const section = doc.split(/^## /m).find((s) => s.startsWith("Differences\n"));
  assert.ok(section !== undefined, "docs/type-mapping.md has a ## Differences section");
  const rows = section.split("\n").filter((line) => line.startsWith("|"));
  return rows.slice(2);
}

describe("docs/type-mapping.md", () => {
  it("names only cases that exist in interop/cases/fidelity.yaml", async () => {
    const names = new Set((await loadFidelityCases()).cases.map((c) => c.name));
    const cited = [...new Set(doc.match(caseName) ?? [])];
    assert.ok(cited.length >= 40, `the doc cites ${cited.length} cases`);
    assert.deepEqual(
      cited.filter((n) => !names.has(n)),
      [],
    );
  });

  it("pins every difference with a case", () => {
    const rows = differenceRows();
    assert.ok(rows.length >= 10, `${rows.length} difference rows`);
    for (const row of rows) assert.match(row, /(?<![\w/-])fidelity\.[a-z0-9_]/, `a difference without a case: ${row.slice(0, 80)}`);
  });

  it("explains every known failure of the fidelity cases in a difference row", async () => {
    const names = (await loadFidelityCases()).cases.map((c) => c.name);
    const text = readFileSync(join(repoRoot, "interop/known-failures/fidelity.txt"), "utf8");
    const known = parseKnownFailures(text, "known-failures/fidelity.txt", { columns: fidelityColumns, rows: names });
    const explained = new Set(differenceRows().flatMap((row) => row.match(caseName) ?? []));
    for (const k of known) {
      assert.ok(explained.has(k.row), `${k.row} is a known failure that no difference row of docs/type-mapping.md names`);
      assert.match(k.reason, /docs\/type-mapping\.md/, `the reason for ${k.row} points to docs/type-mapping.md`);
    }
  });
});

describe("interop/cases/fidelity.yaml", () => {
  it("has at least 60 cases, all named fidelity.*, each expecting a status and (but for one) its responses", async () => {
    const { cases } = await loadFidelityCases();
    assert.ok(cases.length >= 60, `${cases.length} cases`);
    for (const c of cases) {
      assert.match(c.name, /^fidelity\./);
      assert.ok(c.expect?.status !== undefined, `${c.name} expects a status`);
      // The one exception: its answer is deeper than protobuf-es, which parses `expect.responses`, can read.
      if (c.name !== "fidelity.nested.server_built_depth_101") assert.ok(c.expect?.responses !== undefined, `${c.name} expects its responses`);
    }
  });
});
