import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { run } from "../testdata/run-command.js";
import { startSeedServer, type SeedServer } from "../testdata/seed-server.js";
import { createSeedClients } from "../seed-clients.js";
import type { DemoContext } from "./demo.js";
import { routeGuideDemo } from "./route-guide.js";

describe("polyrpc demo routeguide", () => {
  let seed: SeedServer;
  before(async () => {
    seed = await startSeedServer();
  });
  after(() => seed.close());

  it("prints GetFeature, ListFeatures, RecordRoute and RouteChat as route_guide_client.py does", async () => {
    const r = await run("demo", ["routeguide", "--target", seed.target]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, "");
    const [getFeature, listFeatures, recordRoute, routeChat] = r.stdout.split(/^-------------- \w+ --------------\n/m).slice(1);
    assert.ok(r.stdout.startsWith("-------------- GetFeature --------------\n"));
    assert.equal(
      getFeature,
      "Feature called Berkshire Valley Management Area Trail, Jefferson, NJ, USA at latitude: 409146138\nlongitude: -746188906\n\n" + "Found no feature at \n",
    );
    assert.ok(
      listFeatures!.startsWith(
        "Looking for features between 40, -75 and 42, -73\nFeature called Patriots Path, Mendham, NJ 07945, USA at latitude: 407838351\nlongitude: -746143763\n\n",
      ),
    );
    assert.equal(listFeatures!.match(/^Feature called /gm)?.length, 100);
    // Unnamed database entries print with an empty name, as in Python.
    assert.ok(listFeatures!.includes("Feature called  at latitude: 407113723\nlongitude: -749746483\n\n"));
    assert.equal(recordRoute!.match(/^Visiting point latitude: \d+\nlongitude: -\d+\n\n/gm)?.length, 10);
    assert.match(recordRoute!, /\nFinished trip with 10 points \nPassed 10 features \nTravelled \d+ meters \nIt took 0 seconds \n$/);
    const sending = routeChat!.split("\n").filter((l) => l.startsWith("Sending"));
    const received = routeChat!.split("\n").filter((l) => l.startsWith("Received"));
    assert.deepEqual(sending, [
      "Sending First message at ",
      "Sending Second message at longitude: 1",
      "Sending Third message at latitude: 1",
      "Sending Fourth message at ",
      "Sending Fifth message at latitude: 1",
    ]);
    assert.deepEqual(received, ["Received message First message at ", "Received message Third message at latitude: 1"]);
    // Every line of the chat is one of those, or the blank line after a multi-line point.
    assert.equal(routeChat!.split("\n").filter((l) => l !== "").length, 7);
  });

  it("records a route of the random points it printed", async () => {
    const lines: string[] = [];
    const clients = createSeedClients(seed.target);
    // random() = 0 picks the first database entry ten times: no distance, ten features.
    const ctx: DemoContext = {
      clients,
      print: (t) => lines.push(t),
      cwd: ".",
      random: () => 0,
      rounds: 1,
      seconds: undefined,
      startDate: "",
      endDate: "",
      out: "",
    };
    try {
      await routeGuideDemo.run(ctx);
    } finally {
      clients.close();
    }
    const from = lines.indexOf("-------------- RecordRoute --------------");
    assert.deepEqual(lines.slice(from + 1, from + 15), [
      ...Array<string>(10).fill("Visiting point latitude: 407838351\nlongitude: -746143763\n"),
      "Finished trip with 10 points ",
      "Passed 10 features ",
      "Travelled 0 meters ",
      "It took 0 seconds ",
    ]);
  });
});
