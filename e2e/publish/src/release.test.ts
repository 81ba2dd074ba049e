import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { toPythonVersion } from "@polyrpc/devkit";
import { publicPackages, repoRoot, runOk, userEnv } from "./workspace.js";

describe("./dev.sh release --dry-run", () => {
  it("builds, checks, builds the wheel and lists every public package and version it would publish", async () => {
    // The README's command, in a user's environment: no pnpm on PATH but the one dev.sh puts there (turbo,
    // run by the release, must find it). --dry-run goes through to `pnpm publish -r`: npm packs and prints
    // each package but uploads nothing.
    const result = await runOk("bash", ["dev.sh", "release", "--dry-run"], { cwd: repoRoot, env: userEnv(), timeoutMs: 600_000 });
    const output = result.stdout + result.stderr;

    const packages = publicPackages();
    assert.ok(result.stdout.includes(`polyrpc: would publish ${packages.length} npm packages:\n`), result.stdout);
    for (const { name, version } of packages) {
      assert.ok(result.stdout.includes(`\n  ${name}@${version}\n`), `${name}@${version} is in the summary:\n${result.stdout}`);
      assert.ok(output.includes(`+ ${name}@${version}`), `pnpm publish printed ${name}@${version}`);
    }
    // Scoped packages are restricted on npm unless published with public access (publishConfig.access).
    assert.equal(output.match(/with tag latest and public access \(dry-run\)/g)?.length, packages.length, output);

    const version = toPythonVersion(packages.find((p) => p.name === "@polyrpc/stubs")!.version);
    const wheel = `packages/stubs-py/dist/polyrpc_stubs-${version}-py3-none-any.whl`;
    assert.ok(result.stdout.includes(`polyrpc: wheel ${wheel} (polyrpc-stubs ${version})`), result.stdout);
    assert.ok(existsSync(join(repoRoot, wheel)));
    const runtimeWheel = `packages/grpc-py/dist/polyrpc-${version}-py3-none-any.whl`;
    assert.ok(result.stdout.includes(`polyrpc: wheel ${runtimeWheel} (polyrpc ${version})`), result.stdout);
    assert.ok(existsSync(join(repoRoot, runtimeWheel)));
    assert.equal(readFileSync(join(repoRoot, wheel)).subarray(0, 4).toString("latin1"), "PK\u0003\u0004", "a wheel is a zip file");
    assert.ok(!existsSync(join(repoRoot, "pnpm-publish-summary.json")), "the publish summary file is cleaned up");
  });
});
