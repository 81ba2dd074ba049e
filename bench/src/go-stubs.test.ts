import assert from "node:assert/strict";
import { cp, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { findGo } from "@polyrpc/devkit";
import { benchGoDir, ensureBenchGoBinaries, GO_NOT_FOUND } from "./go-binaries.js";
import { generateGoStubs, goStubFiles } from "./go-stubs.js";

describe("the committed Go stubs of bench.proto", () => {
  it("are what protoc-gen-go and protoc-gen-go-grpc (pinned in go.mod) generate today", { timeout: 600_000 }, async (t) => {
    if (findGo() === undefined) {
      t.skip(GO_NOT_FOUND);
      return;
    }
    const binaries = await ensureBenchGoBinaries();
    const dir = await mkdtemp(join(tmpdir(), "polyrpc-bench-gostubs-"));
    try {
      await cp(join(benchGoDir, "go.mod"), join(dir, "go.mod"));
      generateGoStubs(binaries, dir);
      for (const file of goStubFiles) {
        const fresh = await readFile(join(dir, file), "utf8");
        const committed = await readFile(join(benchGoDir, file), "utf8");
        assert.equal(committed, fresh, `bench/go/${file} is stale: run \`pnpm --filter @polyrpc/bench gen:go\``);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
