import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { run } from "../testdata/run-command.js";
import { startSeedServer, type SeedServer } from "../testdata/seed-server.js";

describe("polyrpc demo greeter", () => {
  let seed: SeedServer;
  before(async () => {
    seed = await startSeedServer();
  });
  after(() => seed.close());

  it("prints the reply to World, as the seed's client does", async () => {
    assert.deepEqual(await run("demo", ["greeter", "--target", seed.target]), { code: 0, stdout: "Hello, World\n", stderr: "" });
  });

  it("fails with UNAVAILABLE when nothing listens at the target", async () => {
    const r = await run("demo", ["greeter", "--target", "127.0.0.1:1"]);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, "");
    assert.match(r.stderr, /^polyrpc: UNAVAILABLE: No connection established\. .*ECONNREFUSED/);
  });
});
