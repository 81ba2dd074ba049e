import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { GRAPH_REQUEST_DEFAULTS, CHUNK_SIZE_MAX } from "@polyrpc/server";
import { BENCH_LIMITS, downloadChunkSize } from "./bench-defaults.js";

describe("the bench service's download limits", () => {
  it("default to polyrpc's IndicatorGraph chunk size and share its maximum", () => {
    assert.equal(BENCH_LIMITS.defaultChunkSize, GRAPH_REQUEST_DEFAULTS.chunkSize);
    assert.equal(BENCH_LIMITS.maxChunkSize, CHUNK_SIZE_MAX);
  });
  it("turn 0 into the default and refuse sizes out of range, naming the field and the value", () => {
    assert.equal(downloadChunkSize(10n, 0), GRAPH_REQUEST_DEFAULTS.chunkSize);
    assert.equal(downloadChunkSize(10n, 1024), 1024);
    assert.equal(downloadChunkSize(10n, 4_000_001), "invalid chunk_size: 4000001 is outside 1..4000000");
    assert.equal(downloadChunkSize(2n ** 32n + 1n, 1), "invalid total_size: 4294967297 is outside 0..4294967296");
  });
});
