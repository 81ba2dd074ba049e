import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createClient } from "@polyrpc/grpc";
import { create } from "@bufbuild/protobuf";
import { PointSchema, RouteGuide, type Point } from "@polyrpc/stubs";
import { startSeedServer, type SeedServer } from "../testdata/seed-server.js";
import { getDistance } from "./distance.js";
import { loadFeatureDb } from "./feature-db.js";

describe("RouteGuide", () => {
  let t: SeedServer;
  before(async () => (t = await startSeedServer()));
  after(() => t.close());

  it("GetFeature finds a named feature at its exact point", async () => {
    const f = await createClient(RouteGuide, t.channel).getFeature({ latitude: 409146138, longitude: -746188906 });
    assert.equal(f.name, "Berkshire Valley Management Area Trail, Jefferson, NJ, USA");
    assert.deepEqual([f.location?.latitude, f.location?.longitude], [409146138, -746188906]);
  });

  it("GetFeature answers an unnamed feature at the asked point when there is none", async () => {
    const f = await createClient(RouteGuide, t.channel).getFeature({ latitude: 0, longitude: 0 });
    assert.equal(f.name, "");
    assert.deepEqual([f.location?.latitude, f.location?.longitude], [0, 0]);
  });

  it("ListFeatures streams the features in the seed client's rectangle, in database order", async () => {
    const client = createClient(RouteGuide, t.channel);
    const got = [];
    for await (const f of client.listFeatures({ lo: { latitude: 400000000, longitude: -750000000 }, hi: { latitude: 420000000, longitude: -730000000 } }))
      got.push(f);
    const db = await loadFeatureDb();
    const expected = db.filter((f) => {
      const { latitude, longitude } = f.location!;
      return latitude >= 400000000 && latitude <= 420000000 && longitude >= -750000000 && longitude <= -730000000;
    });
    // The seed client's rectangle covers the whole database (checked with CPython: 100 of 100).
    assert.equal(got.length, 100);
    assert.deepEqual(
      got.map((f) => f.name),
      expected.map((f) => f.name),
    );
    assert.equal(got[0]?.name, "Patriots Path, Mendham, NJ 07945, USA");
  });

  it("ListFeatures accepts the corners in any order and includes the bounds", async () => {
    const client = createClient(RouteGuide, t.channel);
    const onePoint = { latitude: 407838351, longitude: -746143763 };
    const got = [];
    for await (const f of client.listFeatures({ lo: onePoint, hi: onePoint })) got.push(f.name);
    assert.deepEqual(got, ["Patriots Path, Mendham, NJ 07945, USA"]);
  });

  it("RecordRoute counts points and features and sums the distance in whole metres", async () => {
    const db = await loadFeatureDb();
    const route: Point[] = [db[0]!.location!, db[1]!.location!, create(PointSchema, { latitude: 1, longitude: 1 }), db[2]!.location!];
    const summary = await createClient(RouteGuide, t.channel).recordRoute(route);
    let distance = 0;
    for (let i = 1; i < route.length; i++) distance += getDistance(route[i - 1]!, route[i]!);
    assert.equal(summary.pointCount, 4);
    assert.equal(summary.featureCount, 3);
    assert.equal(summary.distance, Math.trunc(distance));
    assert.equal(summary.elapsedTime, 0);
  });

  it("RecordRoute over the whole database matches the Python original's distance", async () => {
    const db = await loadFeatureDb();
    const summary = await createClient(RouteGuide, t.channel).recordRoute(db.map((f) => f.location!));
    // CPython, grpc's get_distance summed over consecutive database points: 7494392.305336312.
    assert.equal(summary.distance, 7494392);
    assert.equal(summary.pointCount, 100);
    assert.equal(summary.featureCount, 100);
  });

  it("RecordRoute of an empty route is all zeros", async () => {
    const summary = await createClient(RouteGuide, t.channel).recordRoute([]);
    assert.deepEqual([summary.pointCount, summary.featureCount, summary.distance], [0, 0, 0]);
  });

  it("RouteChat replays earlier notes at the same location, as the seed client sees them", async () => {
    const notes = [
      { message: "First message", location: { latitude: 0, longitude: 0 } },
      { message: "Second message", location: { latitude: 0, longitude: 1 } },
      { message: "Third message", location: { latitude: 1, longitude: 0 } },
      { message: "Fourth message", location: { latitude: 0, longitude: 0 } },
      { message: "Fifth message", location: { latitude: 1, longitude: 0 } },
    ];
    const got = [];
    for await (const n of createClient(RouteGuide, t.channel).routeChat(notes)) got.push(`${n.message}@${n.location?.latitude},${n.location?.longitude}`);
    assert.deepEqual(got, ["First message@0,0", "Third message@1,0"]);
  });
});

describe("getDistance", () => {
  it("matches the Python example's haversine for two database points", () => {
    // Reference from CPython 3.11 running grpc's get_distance on the same two points: bit-identical.
    const d = getDistance(
      create(PointSchema, { latitude: 409146138, longitude: -746188906 }),
      create(PointSchema, { latitude: 413628156, longitude: -749015468 }),
    );
    assert.equal(d, 55173.22540774813);
  });
});
