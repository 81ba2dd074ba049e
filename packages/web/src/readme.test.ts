import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { runReadmeExample } from "@polyrpc/devkit";

describe("README.md", () => {
  it("runs its example and prints what the comments say", () => {
    const run = runReadmeExample(fileURLToPath(new URL("..", import.meta.url)));
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(run.stdout.trim().split("\n"), run.expected);
  });
});
