import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { runReadmeExample } from "@polyrpc/devkit";

describe("README.md", () => {
  it("runs its example and prints what the comments say, each exit code after its line", () => {
    const run = runReadmeExample(fileURLToPath(new URL("..", import.meta.url)));
    assert.equal(run.status, 0, run.stderr);
    const expected = run.expected.flatMap((line, i) => [line, i === 0 ? "0" : "1"]);
    assert.deepEqual(run.stdout.trim().split("\n"), expected);
  });
});
