import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { runOk, runProcess } from "./run-process.mjs";

const node = process.execPath;

describe("runProcess", () => {
  it("gives the exit code and the output, never rejecting for a non-zero exit", async () => {
    const result = await runProcess(node, ["-e", 'process.stdout.write("out"); process.stderr.write("err"); process.exit(4)']);
    assert.deepEqual([result.code, result.signal, result.timedOut, result.stdout, result.stderr], [4, null, false, "out", "err"]);
  });

  it("keeps the last outputLimit characters of each stream", async () => {
    const result = await runProcess(node, ["-e", 'process.stdout.write("a".repeat(100) + "end")'], { outputLimit: 10 });
    assert.equal(result.stdout, "aaaaaaaend");
  });

  it("kills the process at its time limit", async () => {
    const result = await runProcess(node, ["-e", "setInterval(() => {}, 1000)"], { timeoutMs: 200 });
    assert.deepEqual([result.code, result.signal, result.timedOut], [null, "SIGKILL", true]);
  });

  it("runOk rejects with the command line and both outputs", async () => {
    await assert.rejects(
      runOk(node, ["-e", 'console.log("o"); console.error("e"); process.exit(2)']),
      /-e console\.log\("o"\); console\.error\("e"\); process\.exit\(2\) exited 2\n--- stdout\no\n\n--- stderr\ne\n$/,
    );
    assert.equal((await runOk(node, ["-e", 'console.log("fine")'])).stdout, "fine\n");
  });

  it("rejects when the command cannot be started", async () => {
    await assert.rejects(runProcess("/no/such/tool", []), /^Error: cannot run \/no\/such\/tool: spawn \/no\/such\/tool ENOENT$/);
  });
});
