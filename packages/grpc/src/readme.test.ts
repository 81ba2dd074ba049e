import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..");

describe("README.md", () => {
  it("runs its example and prints what the comments say", () => {
    const readme = readFileSync(join(packageDir, "README.md"), "utf8");
    const code = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    assert.ok(code !== undefined, "no ts example in README.md");
    // Inside the package, so `@polyrpc/grpc` resolves to this package (self-reference through "exports").
    const dir = mkdtempSync(join(packageDir, ".readme-"));
    try {
      writeFileSync(join(dir, "example.ts"), code);
      const run = spawnSync(process.execPath, ["--import", "tsx", join(dir, "example.ts")], { cwd: packageDir, encoding: "utf8", timeout: 30_000 });
      assert.equal(run.status, 0, run.stderr);
      const expected = [...code.matchAll(/console\.log\(.*\/\/ (.+)$/gm)].map((m) => m[1]);
      assert.deepEqual(run.stdout.trim().split("\n"), expected);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
