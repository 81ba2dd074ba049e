import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { repoRoot, userEnv } from "./processes.js";

const devSh = (args: string[], cwd = repoRoot) =>
  spawnSync("bash", [join(cwd, "dev.sh"), ...args], { cwd, env: userEnv(), encoding: "utf8", timeout: 300_000 });

describe("dev.sh", () => {
  it("is quiet when the set-up has nothing to do, and exec runs a command with the repository's pnpm", () => {
    const result = devSh(["exec", "pnpm", "--version"]);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stderr, "");
    const pinned = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")).packageManager.split("@")[1];
    assert.equal(result.stdout, `${pinned}\n`);
  });

  it("runs exec in the folder it was called from, with the repository's tools on PATH", () => {
    const elsewhere = mkdtempSync(join(tmpdir(), "polyrpc-exec-"));
    try {
      const result = spawnSync("bash", [join(repoRoot, "dev.sh"), "exec", "bash", "-c", "pwd; command -v polyrpc"], {
        cwd: elsewhere,
        env: userEnv(),
        encoding: "utf8",
      });
      assert.equal(result.status, 0, result.stderr);
      assert.equal(result.stdout, `${realpathSync(elsewhere)}\n${join(repoRoot, "node_modules", ".bin", "polyrpc")}\n`);
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it("shows pnpm's own message, and what to do, when the lockfile is out of date", () => {
    const temp = mkdtempSync(join(tmpdir(), "polyrpc-dev-sh-"));
    try {
      for (const file of ["dev.sh", "pnpm-workspace.yaml", "pnpm-lock.yaml"]) copyFileSync(join(repoRoot, file), join(temp, file));
      const manifest = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8"));
      manifest.devDependencies["is-number"] = "7.0.0"; // a dependency added without updating the lockfile
      writeFileSync(join(temp, "package.json"), JSON.stringify(manifest, null, 2));
      symlinkSync(join(repoRoot, ".tools"), join(temp, ".tools")); // the pinned pnpm, without installing it again
      const result = devSh(["test"], temp);
      assert.equal(result.status, 1, result.stdout + result.stderr);
      assert.match(result.stderr, /ERR_PNPM_OUTDATED_LOCKFILE/);
      assert.match(result.stderr, /1 dependencies were added: is-number@7\.0\.0/);
      assert.match(
        result.stderr,
        /^polyrpc: pnpm install failed \(pnpm's message is above\)\. If it says the lockfile is not up to date, run `\.\/dev\.sh exec pnpm install` and commit pnpm-lock\.yaml$/m,
      );
    } finally {
      rmSync(temp, { recursive: true, force: true });
    }
  });

  it("names an unknown script and lists the ones there are", () => {
    const result = devSh(["no-such-script"]);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /^polyrpc: no script "no-such-script" in package\.json; the scripts are: .*\bserve\b.*, and exec$/m);
  });

  it("refuses exec without a command", () => {
    const result = devSh(["exec"]);
    assert.equal(result.status, 1);
    assert.equal(result.stderr, "polyrpc: exec: give a command to run, e.g. ./dev.sh exec pnpm changeset\n");
  });
});
