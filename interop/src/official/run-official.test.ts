// runOfficial() end to end: against grpc-go's interop binaries when Go is on PATH (they are built on
// first use, which can take a few minutes), and the skipped report when it is not.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { CellResult } from "../report/cell-result.js";
import { findGo } from "./go-peer.js";
import { COLUMN_GO_SERVER, COLUMN_TS_SERVER, GO_NOT_FOUND, GRPC_GO_VERSION, OFFICIAL_CASES, runOfficial } from "./run-official.js";

const goSkip = findGo() === undefined ? `${GO_NOT_FOUND} (grpc-go ${GRPC_GO_VERSION} peers cannot be built)` : false;

function describeFailures(results: readonly CellResult[]): string {
  return results
    .filter((r) => r.status !== "pass")
    .map((r) => `${r.column} | ${r.row}: ${r.status}: ${r.detail ?? ""}`)
    .join("\n");
}

describe("runOfficial", () => {
  it("every case passes both ways against grpc-go", { skip: goSkip, timeout: 10 * 60_000 }, async () => {
    const started = performance.now();
    const results = await runOfficial();
    const elapsed = performance.now() - started;
    assert.equal(results.length, 2 * OFFICIAL_CASES.length);
    for (const column of [COLUMN_TS_SERVER, COLUMN_GO_SERVER]) {
      assert.deepEqual(
        results.filter((r) => r.column === column).map((r) => r.row),
        OFFICIAL_CASES.map((c) => `official.${c}`),
        `${column}: one cell per case, in spec order`,
      );
    }
    for (const r of results) assert.ok(Number.isInteger(r.ms) && r.ms >= 0, `${r.column} | ${r.row}: ms ${r.ms}`);
    // known-failures/official.txt is empty, so every cell must pass.
    assert.deepEqual(describeFailures(results), "", "cells that did not pass");
    console.log(`official interop: ${results.length} cells in ${Math.round(elapsed)} ms (grpc-go ${GRPC_GO_VERSION}, including any first build)`);
  });

  it("runs only the cases asked for", { skip: goSkip, timeout: 10 * 60_000 }, async () => {
    const results = await runOfficial({ cases: ["ping_pong", "empty_unary"] });
    assert.deepEqual(
      results.map((r) => `${r.column} | ${r.row} | ${r.status}`),
      [
        `${COLUMN_TS_SERVER} | official.empty_unary | pass`,
        `${COLUMN_TS_SERVER} | official.ping_pong | pass`,
        `${COLUMN_GO_SERVER} | official.empty_unary | pass`,
        `${COLUMN_GO_SERVER} | official.ping_pong | pass`,
      ],
      describeFailures(results),
    );
  });

  it("rejects an unknown case name", async () => {
    await assert.rejects(
      runOfficial({ cases: ["empty_unary", "rpc_soak"] }),
      /unknown official interop case\(s\) rpc_soak; the cases are: empty_unary, large_unary, /,
    );
  });

  it("without go on PATH, every cell is skipped with the reason", async () => {
    const path = process.env.PATH;
    process.env.PATH = "";
    let results: CellResult[];
    try {
      results = await runOfficial();
    } finally {
      process.env.PATH = path;
    }
    assert.equal(results.length, 2 * OFFICIAL_CASES.length);
    for (const r of results) {
      assert.deepEqual(
        { status: r.status, detail: r.detail, ms: r.ms },
        { status: "skipped", detail: "go not found on PATH: official interop peers need Go", ms: 0 },
      );
    }
    assert.deepEqual(new Set(results.map((r) => r.column)), new Set([COLUMN_TS_SERVER, COLUMN_GO_SERVER]));
  });
});
