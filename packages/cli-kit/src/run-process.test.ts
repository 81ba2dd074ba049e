import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { runProcess } from "./run-process.js";

const node = process.execPath;

describe("runProcess", () => {
  it("collects stdout, stderr and the exit code, and returns a non-zero exit as a result", async () => {
    const result = await runProcess(node, ["-e", 'process.stdout.write("out"); process.stderr.write("err"); process.exit(3)']);
    assert.deepEqual(result, { code: 3, stdout: "out", stderr: "err", timedOut: false });
  });

  it("writes `input` to stdin and closes it", async () => {
    const result = await runProcess(node, ["-e", "process.stdin.pipe(process.stdout)"], { input: "héllo\n" });
    assert.equal(result.stdout, "héllo\n");
    assert.equal(result.code, 0);
  });

  it("passes cwd and env", async () => {
    const result = await runProcess(node, ["-e", "console.log(process.cwd(), process.env.POLYRPC_TEST_VALUE)"], { cwd: "/", env: { POLYRPC_TEST_VALUE: "x" } });
    assert.equal(result.stdout, "/ x\n");
  });

  it("kills a process that runs past timeoutMs and says so", async () => {
    const result = await runProcess(node, ["-e", "setInterval(() => {}, 1000)"], { timeoutMs: 200 });
    assert.equal(result.timedOut, true);
    assert.equal(result.code, null);
  });

  it("rejects when the command cannot be started", async () => {
    await assert.rejects(runProcess("/nonexistent/polyrpc-no-such-tool", []), { code: "ENOENT" });
  });
});
