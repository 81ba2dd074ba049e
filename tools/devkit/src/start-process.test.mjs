import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isAlive } from "./process-tree.mjs";
import { startProcess } from "./start-process.mjs";

const node = process.execPath;

describe("startProcess", () => {
  it("collects stdout lines, finds a line already printed or still to come, and gives the exit code", async () => {
    const proc = startProcess(node, ["-e", 'console.log("one"); setTimeout(() => { console.log("two 2"); process.exit(3); }, 200)']);
    try {
      const first = await proc.waitForLine(/^one$/);
      assert.equal(first.line, "one");
      const second = await proc.waitForLine(/^two (\d)$/, 10_000);
      assert.equal(second.match[1], "2");
      assert.ok(second.at >= first.at);
      assert.equal(await proc.exited, 3);
      assert.deepEqual(proc.lines, ["one", "two 2"]);
    } finally {
      proc.kill();
    }
  });

  it("reads stderr lines only when told to, and keeps the stderr for error messages", async () => {
    const proc = startProcess(node, ["-e", 'console.error("ready on 7"); setInterval(() => {}, 1000)'], { lineStreams: "both" });
    try {
      assert.equal((await proc.waitForLine(/^ready on (\d+)$/)).match[1], "7");
      assert.deepEqual(proc.lines, [], "stderr lines are not stdout lines");
      assert.match(proc.stderr(), /ready on 7/);
    } finally {
      await proc.stop();
    }
    assert.equal(isAlive(proc.pid), false);
  });

  it("rejects, naming the process and its output, when it ends without the line or the time runs out", async () => {
    const ended = startProcess(node, ["-e", 'console.log("nothing"); console.error("oops")'], { label: "the quiet one" });
    await assert.rejects(ended.waitForLine(/^ready$/), (e) => {
      assert.equal(/** @type {any} */ (e).reason, "ended");
      assert.match(/** @type {Error} */ (e).message, /^the quiet one ended \(exit 0\) without printing \/\^ready\$\/; stdout: nothing; stderr: oops$/);
      return true;
    });
    const slow = startProcess(node, ["-e", "setInterval(() => {}, 1000)"], { label: "the slow one" });
    try {
      await assert.rejects(slow.waitForLine(/^ready$/, 200), /^Error: the slow one: no line matching \/\^ready\$\/ within 200 ms/);
    } finally {
      slow.kill();
    }
    assert.equal(await slow.exited, null, "killed by a signal");
  });

  it("says when the command cannot be started", async () => {
    const proc = startProcess("/no/such/command", []);
    await assert.rejects(proc.waitForLine(/x/), /cannot start \/no\/such\/command: spawn \/no\/such\/command ENOENT/);
  });

  it("kills a process that outlives its lifetime", async () => {
    const proc = startProcess(node, ["-e", "setInterval(() => {}, 1000)"], { lifetimeMs: 200 });
    assert.equal(await proc.exited, null);
    assert.equal(proc.child.signalCode, "SIGKILL");
  });
});
