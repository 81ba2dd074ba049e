import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { COLUMN_GO_SERVER, COLUMN_TS_SERVER, defaultKnownFailuresPath, loadOfficialKnownFailures, officialScope } from "../official/known-failures.js";
import { matrixCases, matrixColumns } from "../matrix/run-matrix.js";
import type { CellResult } from "./cell-result.js";
import { applyKnownFailures, listedButPassed as LISTED_BUT_PASSED, loadKnownFailures as loadList, parseKnownFailures as parseList } from "./known-failures.js";

const parseKnownFailures = (text: string) => parseList(text, "known-failures.txt", officialScope);
const loadKnownFailures = (path?: string) => loadOfficialKnownFailures(path);

const cell = (row: string, column: string, status: CellResult["status"], detail?: string): CellResult => ({
  row,
  column,
  status,
  ms: 5,
  ...(detail === undefined ? {} : { detail }),
});

describe("known failures", () => {
  it("parses `<column> | <case> | <reason>` lines, skipping comments and blanks", () => {
    const list = parseKnownFailures(
      [
        "# a comment",
        "",
        `${COLUMN_TS_SERVER} | custom_metadata | bridge drops trailers`,
        `  ${COLUMN_GO_SERVER}|official.ping_pong|reason with | a pipe  `,
      ].join("\n"),
    );
    assert.deepEqual(list, [
      { column: COLUMN_TS_SERVER, row: "official.custom_metadata", reason: "bridge drops trailers" },
      { column: COLUMN_GO_SERVER, row: "official.ping_pong", reason: "reason with | a pipe" },
    ]);
  });

  it("rejects malformed lines, naming the line", () => {
    assert.throws(() => parseKnownFailures("\nts server × go client | empty_unary"), /known-failures\.txt:2: want "<column> \| <case> \| <reason>"/);
    assert.throws(() => parseKnownFailures("py server × go client | empty_unary | x"), /:1: unknown column "py server × go client"/);
    assert.throws(() => parseKnownFailures(`${COLUMN_TS_SERVER} | empty_unray | x`), /:1: unknown case "empty_unray"/);
    assert.throws(() => parseKnownFailures(`${COLUMN_TS_SERVER} | empty_unary |  `), /:1: a known failure needs a reason/);
    assert.throws(
      () => parseKnownFailures(`${COLUMN_TS_SERVER} | empty_unary | a\n${COLUMN_TS_SERVER} | official.empty_unary | b`),
      /:2: ts server × go client \| official\.empty_unary is listed twice/,
    );
  });

  it("a listed failure is a known-failure with the reason; a listed pass is a fail; the rest is unchanged", () => {
    const known = parseKnownFailures(
      [
        `${COLUMN_TS_SERVER} | large_unary | the reason`,
        `${COLUMN_GO_SERVER} | large_unary | fixed since`,
        `${COLUMN_GO_SERVER} | ping_pong | not run this time`,
        `${COLUMN_TS_SERVER} | empty_stream | skipped cells stay skipped`,
      ].join("\n"),
    );
    const results = [
      cell("official.large_unary", COLUMN_TS_SERVER, "fail", "UnaryCall failed"),
      cell("official.large_unary", COLUMN_GO_SERVER, "pass"),
      cell("official.empty_unary", COLUMN_TS_SERVER, "fail", "unlisted failure"),
      cell("official.empty_unary", COLUMN_GO_SERVER, "pass"),
      cell("official.empty_stream", COLUMN_TS_SERVER, "skipped", "go not found"),
    ];
    assert.deepEqual(applyKnownFailures(results, known), [
      cell("official.large_unary", COLUMN_TS_SERVER, "known-failure", "the reason (UnaryCall failed)"),
      cell("official.large_unary", COLUMN_GO_SERVER, "fail", LISTED_BUT_PASSED),
      cell("official.empty_unary", COLUMN_TS_SERVER, "fail", "unlisted failure"),
      cell("official.empty_unary", COLUMN_GO_SERVER, "pass"),
      cell("official.empty_stream", COLUMN_TS_SERVER, "skipped", "go not found"),
    ]);
    assert.equal(LISTED_BUT_PASSED, "listed as a known failure but passed: remove it from the known-failures list");
  });

  it("loads a file; a missing file is an empty list", async () => {
    const dir = await mkdtemp(join(tmpdir(), "polyrpc-kf-"));
    try {
      const file = join(dir, "known-failures.txt");
      await writeFile(file, `# header\n${COLUMN_GO_SERVER} | cancel_after_begin | why\n`);
      assert.deepEqual(await loadKnownFailures(file), [{ column: COLUMN_GO_SERVER, row: "official.cancel_after_begin", reason: "why" }]);
      await assert.rejects(
        writeFile(file, "nonsense\n").then(() => loadKnownFailures(file)),
        new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:1: want`),
      );
      assert.deepEqual(await loadKnownFailures(join(dir, "absent.txt")), []);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("the committed list parses, and is empty: every official case passes both ways", async () => {
    assert.match(defaultKnownFailuresPath(), /interop[\\/]known-failures[\\/]official\.txt$/);
    assert.deepEqual(await loadKnownFailures(), []);
  });

  it("the committed matrix list parses, and is empty: every matrix cell passes", async () => {
    const path = new URL("../../known-failures/matrix.txt", import.meta.url).pathname;
    assert.deepEqual(await loadList(path, { columns: matrixColumns, rows: matrixCases }), []);
  });
});
