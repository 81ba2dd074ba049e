import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createClient } from "@polyrpc/grpc";
import { Greeter } from "@polyrpc/stubs";
import { startSeedServer, type SeedServer } from "../testdata/seed-server.js";

describe("Greeter", () => {
  let t: SeedServer;
  before(async () => (t = await startSeedServer()));
  after(() => t.close());

  it("greets by name, like the seed", async () => {
    const reply = await createClient(Greeter, t.channel).sayHello({ name: "World" });
    assert.equal(reply.message, "Hello, World");
  });
});
