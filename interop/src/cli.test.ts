import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";

const cli = fileURLToPath(new URL("cli.ts", import.meta.url));

/** Runs `pnpm interop`'s entry point with `args`, for the cases that end before any server starts. */
function run(args: string[]) {
  return spawnSync(process.execPath, ["--import", "tsx", cli, ...args], { encoding: "utf8", timeout: 60_000 });
}

describe("pnpm interop options", () => {
  it("rejects an unknown option with polyrpc: interop: and exit 1", () => {
    const r = run(["--bogus"]);
    assert.deepEqual([r.status, r.stderr, r.stdout], [1, "polyrpc: interop: unknown option --bogus (see pnpm interop --help)\n", ""]);
  });

  it("rejects an unknown case, listing the cases", () => {
    const r = run(["--case", "nope"]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^polyrpc: interop: unknown case nope; cases are greeter.say_hello, firstmsg.success, /);
  });

  it("names the fidelity case file when a case is in neither list", () => {
    const r = run(["--case", "fidelity.nope"]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^polyrpc: interop: unknown case fidelity\.nope; cases are .* and the fidelity\.\* cases of interop\/cases\/fidelity\.yaml\n$/);
  });

  it("lists its options in --help", () => {
    const r = run(["--help"]);
    assert.equal(r.status, 0);
    for (const option of ["--case", "--no-official", "--out"]) assert.ok(r.stdout.includes(option), option);
  });
});
