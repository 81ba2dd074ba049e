import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { run } from "../testdata/run-command.js";
import { startSeedServer, type SeedServer } from "../testdata/seed-server.js";

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe("polyrpc demo indicator_graph", () => {
  let seed: SeedServer;
  let dir: string;
  before(async () => {
    seed = await startSeedServer();
    dir = await mkdtemp(join(tmpdir(), "polyrpc-client-"));
  });
  after(async () => {
    await seed.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("writes the chart to received_macd.png in the working directory by default", async () => {
    const r = await run("demo", ["indicator_graph", "--target", seed.target], { cwd: dir });
    assert.deepEqual(r, { code: 0, stdout: "indicator client received: \n", stderr: "" });
    const png = await readFile(join(dir, "received_macd.png"));
    assert.deepEqual(png.subarray(0, 8), PNG_SIGNATURE);
    // IHDR: the server's default 1000 x 600 pixels.
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [1000, 600]);
  });

  it("writes to --out, relative to the working directory", async () => {
    const r = await run("demo", ["indicator_graph", "--target", seed.target, "--out", "q1.png", "--start-date", "2023-01-01", "--end-date", "2023-03-31"], {
      cwd: dir,
    });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual((await readFile(join(dir, "q1.png"))).subarray(0, 8), PNG_SIGNATURE);
  });

  it("writes no file when the call fails", async () => {
    const r = await run("demo", ["indicator_graph", "--target", seed.target, "--out", "bad.png", "--start-date", "2023-13-01"], { cwd: dir });
    assert.deepEqual(r, {
      code: 1,
      stdout: "indicator client received: \n",
      stderr: 'polyrpc: INVALID_ARGUMENT: invalid start_date: "2023-13-01" is not a date in YYYY-MM-DD form\n',
    });
    assert.equal(existsSync(join(dir, "bad.png")), false);
  });

  it("says which file it cannot write", async () => {
    const r = await run("demo", ["indicator_graph", "--target", seed.target, "--out", "missing/dir/x.png"], { cwd: dir });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^polyrpc: cannot write .*missing\/dir\/x\.png: ENOENT/);
  });
});
