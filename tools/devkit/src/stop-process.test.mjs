import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { descendants, isAlive } from "./process-tree.mjs";
import { startProcess } from "./start-process.mjs";

const node = process.execPath;

describe("stopProcess", () => {
  it("sends SIGTERM and lets the process shut down within the grace period", async () => {
    const proc = startProcess(node, [
      "-e",
      'process.on("SIGTERM", () => { console.log("graceful"); process.exit(0); }); console.log("up"); setInterval(() => {}, 1000)',
    ]);
    await proc.waitForLine(/^up$/);
    await proc.stop(5000);
    assert.equal(await proc.exited, 0);
    assert.deepEqual(proc.lines, ["up", "graceful"]);
  });

  it("sends SIGKILL after the grace period to a process that ignores SIGTERM", async () => {
    const proc = startProcess(node, ["-e", 'process.on("SIGTERM", () => {}); console.log("up"); setInterval(() => {}, 1000)']);
    await proc.waitForLine(/^up$/);
    const started = performance.now();
    await proc.stop(300);
    assert.equal(proc.child.signalCode, "SIGKILL");
    assert.ok(performance.now() - started >= 290, "it waited for the grace period first");
  });

  it("kills a detached process's whole group, also what it started", async () => {
    const shell = startProcess("bash", ["-c", 'sleep 30 & echo "pid=$!"; wait'], { detached: true });
    try {
      const sleeper = Number((await shell.waitForLine(/^pid=(\d+)$/)).match[1]);
      assert.deepEqual(descendants(shell.pid), [sleeper]);
      shell.kill("SIGKILL");
      await shell.exited;
      for (let i = 0; i < 50 && isAlive(sleeper); i++) await new Promise((r) => setTimeout(r, 20));
      assert.equal(isAlive(sleeper), false, "the shell's child went with the group");
    } finally {
      shell.kill("SIGKILL");
    }
  });
});
