import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createChannel } from "@polyrpc/grpc";
import { createSeedClients } from "./seed-clients.js";
import { startSeedServer, type SeedServer } from "./testdata/seed-server.js";

describe("createSeedClients", () => {
  let seed: SeedServer;
  before(async () => {
    seed = await startSeedServer();
  });
  after(() => seed.close());

  it("calls every seed service over one channel", async () => {
    const clients = createSeedClients(seed.target);
    try {
      assert.equal((await clients.greeter.sayHello({ name: "World" })).message, "Hello, World");
      assert.equal((await clients.firstMsg.firstMsg({ body: "" })).content, '{"code": 500, "data": "failure"}');
      const feature = await clients.routeGuide.getFeature({ latitude: 409146138, longitude: -746188906 });
      assert.equal(feature.name, "Berkshire Valley Management Area Trail, Jefferson, NJ, USA");
      const names: string[] = [];
      const rect = { lo: { latitude: 400000000, longitude: -750000000 }, hi: { latitude: 420000000, longitude: -730000000 } };
      for await (const f of clients.routeGuide.listFeatures(rect)) names.push(f.name);
      // Every feature of grpc's database lies in that rectangle.
      assert.equal(names.length, 100);
      assert.equal(names[0], "Patriots Path, Mendham, NJ 07945, USA");
      const summary = await clients.routeGuide.recordRoute([
        { latitude: 409146138, longitude: -746188906 },
        { latitude: 0, longitude: 0 },
      ]);
      assert.deepEqual([summary.pointCount, summary.featureCount], [2, 1]);
      const rets: string[] = [];
      for await (const r of clients.contact.sendStatus([{ msg: "a" }, { msg: "b" }])) rets.push(r.ret);
      assert.deepEqual(rets, ["服务端接收到消息:a", "服务端接收到消息:b"]);
      const macd = await clients.indicator.getMACD({ startDate: "2023-01-02", endDate: "2023-01-06" });
      assert.deepEqual(
        macd.macd.map((d) => d.date),
        ["2023-01-02", "2023-01-03", "2023-01-04", "2023-01-05", "2023-01-06"],
      );
      let size = 0;
      for await (const chunk of clients.indicatorGraph.getMACDGraph({ startDate: "2023-01-01", endDate: "2023-01-31" })) size += chunk.macdChunk.length;
      assert.ok(size > 1000, `a PNG of ${size} bytes`);
    } finally {
      clients.close();
    }
  });

  it("closes the channel it opened", async () => {
    const clients = createSeedClients(seed.target);
    await clients.greeter.sayHello({ name: "x" });
    clients.close();
    await assert.rejects(clients.greeter.sayHello({ name: "x" }), /Channel has been shut down/);
  });

  it("leaves a channel it was given open, and uses it for every client", async () => {
    const channel = createChannel(seed.target);
    try {
      const clients = createSeedClients(channel);
      assert.equal(clients.channel, channel);
      clients.close();
      assert.equal((await clients.greeter.sayHello({ name: "still open" })).message, "Hello, still open");
    } finally {
      channel.close();
    }
  });
});
