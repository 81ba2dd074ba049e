import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, it } from "node:test";

const script = fileURLToPath(new URL("./serve-fidelity.ts", import.meta.url));
const run = (...args: string[]) => spawnSync(process.execPath, ["--import", "tsx", script, ...args], { encoding: "utf8", timeout: 30_000 });

describe("serve-fidelity options", () => {
  it("refuses an unknown option with the CLI contract's message and exit 1", () => {
    const result = run("--bogus");
    assert.equal(result.stderr, "polyrpc: serve-fidelity: unknown option --bogus\n");
    assert.equal(result.status, 1);
  });

  it("refuses a port that is not a port number", () => {
    const result = run("--port", "70000");
    assert.equal(result.stderr, "polyrpc: --port 70000: not a port number (0-65535)\n");
    assert.equal(result.status, 1);
  });
});
