import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { run } from "../testdata/run-command.js";
import { startSeedServer, type SeedServer } from "../testdata/seed-server.js";

/** The lines of one `demo contact` run, sorted out by kind (the two streams interleave). */
function classify(stdout: string) {
  const lines = stdout.split("\n");
  return {
    status: lines.filter((l) => l.startsWith("服务端接收到消息:")),
    tasks: lines.filter((l) => l.startsWith("客户端已接收到服务端任务:")),
    blank: lines.filter((l) => l === "").length,
    other: lines.filter((l) => l !== "" && !l.startsWith("服务端接收到消息:") && !l.startsWith("客户端已接收到服务端任务:")),
  };
}

describe("polyrpc demo contact", () => {
  let seed: SeedServer;
  before(async () => {
    seed = await startSeedServer(50);
  });
  after(() => seed.close());

  it("prints one sendStatus round of 15 answers and one round of 10 tasks, acknowledged, then ends", async () => {
    seed.lines.length = 0;
    const r = await run("demo", ["contact", "--target", seed.target]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, "");
    const { status, tasks, blank, other } = classify(r.stdout);
    assert.equal(status.length, 15);
    for (const line of status) assert.match(line, /^服务端接收到消息:数据:([1-9]|1[0-9]|20)$/);
    assert.equal(tasks.length, 10);
    for (const line of tasks) assert.match(line, /^客户端已接收到服务端任务:任务:(1[0-9][0-9]|200)$/);
    // Each task line is followed by a blank one (the text ends in "\n", then print adds one); the
    // output's final newline leaves one empty string after the split.
    assert.equal(blank, 10 + 1);
    assert.match(r.stdout, /客户端已接收到服务端任务:任务:\d+\n\n/);
    assert.deepEqual(other, []);
    // The server saw every acknowledgement on tellResult.
    const acks = seed.lines.filter((l) => l.startsWith("我已经知道客户端接收到我发过去的任务:"));
    assert.deepEqual(
      acks,
      tasks.map((t) => `我已经知道客户端接收到我发过去的任务:客户端接收到任务:${t.slice("客户端已接收到服务端任务:".length)}`),
    );
  });

  it("takes --rounds", async () => {
    const r = await run("demo", ["contact", "--target", seed.target, "--rounds", "3"]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(classify(r.stdout).tasks.length, 30);
    assert.equal(classify(r.stdout).status.length, 15);
  });

  it("ends after --seconds when the rounds do not come", async () => {
    const started = Date.now();
    const r = await run("demo", ["contact", "--target", seed.target, "--rounds", "100000", "--seconds", "0.3"]);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(Date.now() - started < 3000, `took ${Date.now() - started} ms`);
    assert.ok(classify(r.stdout).tasks.length < 100000 * 10);
    assert.equal(classify(r.stdout).status.length, 15);
  });

  it("fails with the cause, not CANCELLED, when the server is not there", async () => {
    const r = await run("demo", ["contact", "--target", "127.0.0.1:1"]);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, "");
    assert.match(r.stderr, /^polyrpc: UNAVAILABLE: /);
  });
});
