// The classic stubs on the wire, written the way grpc-node's static_codegen examples are: callbacks and streams
// of @grpc/grpc-js with google-protobuf messages, against polyrpc's TypeScript server (a real process), and a
// classic server (addService with the generated definition) called by the classic client.
import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { after, before, describe, it } from "node:test";
import * as grpc from "@grpc/grpc-js";
import { startServer } from "./testdata/start-server.mjs";
import type * as routeGuideGrpc from "./gen/routeguide/route_guide_grpc_pb.js";
import type * as routeGuidePb from "./gen/routeguide/route_guide_pb.js";

const require = createRequire(import.meta.url);
const messages = require("./gen/routeguide/route_guide_pb.js") as typeof routeGuidePb;
const services = require("./gen/routeguide/route_guide_grpc_pb.js") as typeof routeGuideGrpc;

function point(latitude: number, longitude: number): routeGuidePb.Point {
  const p = new messages.Point();
  p.setLatitude(latitude);
  p.setLongitude(longitude);
  return p;
}

describe("the classic RouteGuideClient against polyrpc's TypeScript server", () => {
  let server: { child: ChildProcess; target: string } | undefined;
  let client: routeGuideGrpc.RouteGuideClient;

  before(async () => {
    server = await startServer();
    client = new services.RouteGuideClient(server.target, grpc.credentials.createInsecure());
  });
  after(() => {
    client?.close();
    if (server?.child.pid !== undefined && server.child.exitCode === null) process.kill(server.child.pid, "SIGKILL");
  });

  it("gets a feature with a callback", async () => {
    const feature = await new Promise<routeGuidePb.Feature>((resolve, reject) =>
      client.getFeature(point(409146138, -746188906), (err, f) => (err ? reject(err) : resolve(f!))),
    );
    assert.equal(feature.getName(), "Berkshire Valley Management Area Trail, Jefferson, NJ, USA");
    assert.deepEqual(feature.getLocation()?.toObject(), { latitude: 409146138, longitude: -746188906 });
  });

  it("reads a server stream with 'data' and 'end' events", async () => {
    const rectangle = new messages.Rectangle();
    rectangle.setLo(point(400000000, -750000000));
    rectangle.setHi(point(420000000, -730000000));
    const names = await new Promise<string[]>((resolve, reject) => {
      const seen: string[] = [];
      const call = client.listFeatures(rectangle);
      call.on("data", (f: routeGuidePb.Feature) => seen.push(f.getName()));
      call.on("end", () => resolve(seen));
      call.on("error", reject);
    });
    // Every database feature lies in this rectangle; 64 of the 100 have a name.
    assert.equal(names.length, 100);
    assert.equal(names.filter((n) => n !== "").length, 64);
    assert.equal(names[0], "Patriots Path, Mendham, NJ 07945, USA");
  });

  it("writes a client stream and gets the summary in the callback", async () => {
    const summary = await new Promise<routeGuidePb.RouteSummary>((resolve, reject) => {
      const call = client.recordRoute((err, s) => (err ? reject(err) : resolve(s!)));
      call.write(point(409146138, -746188906));
      call.write(point(0, 0));
      call.end();
    });
    assert.equal(summary.getPointCount(), 2);
    assert.equal(summary.getFeatureCount(), 1);
  });

  it("chats over a bidi stream", async () => {
    const received = await new Promise<string[]>((resolve, reject) => {
      const seen: string[] = [];
      const call = client.routeChat();
      call.on("data", (n: routeGuidePb.RouteNote) => seen.push(`${n.getMessage()}@${n.getLocation()?.getLatitude()},${n.getLocation()?.getLongitude()}`));
      call.on("end", () => resolve(seen));
      call.on("error", reject);
      for (const [message, lat] of [
        ["a", 7],
        ["b", 8],
        ["c", 7],
      ] as const) {
        const n = new messages.RouteNote();
        n.setMessage(message);
        n.setLocation(point(lat, 0));
        call.write(n);
      }
      call.end();
    });
    assert.deepEqual(received, ["a@7,0"]);
  });

  it("refuses to send a message of the wrong type, before anything is sent", async () => {
    const err = await new Promise<grpc.ServiceError>((resolve) =>
      client.getFeature(new messages.Rectangle() as unknown as routeGuidePb.Point, (e) => resolve(e!)),
    );
    assert.equal(err.code, grpc.status.INTERNAL);
    assert.match(err.details, /Expected argument of type routeguide\.Point/);
  });
});

describe("a classic server (addService with RouteGuideService)", () => {
  it("serves the classic client, with a status error passed to the callback", async () => {
    const server = new grpc.Server();
    server.addService(services.RouteGuideService, {
      getFeature(call: grpc.ServerUnaryCall<routeGuidePb.Point, routeGuidePb.Feature>, callback: grpc.sendUnaryData<routeGuidePb.Feature>) {
        if (call.request.getLatitude() > 900000000) {
          callback({ code: grpc.status.INVALID_ARGUMENT, details: `invalid point: latitude ${call.request.getLatitude()} out of range` });
          return;
        }
        const feature = new messages.Feature();
        feature.setName(`at ${call.request.getLatitude()}`);
        feature.setLocation(call.request);
        callback(null, feature);
      },
    });
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))),
    );
    const client = new services.RouteGuideClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    try {
      const call = (p: routeGuidePb.Point) =>
        new Promise<routeGuidePb.Feature | grpc.ServiceError>((resolve) => client.getFeature(p, (e, f) => resolve(e ?? f!)));
      const ok = (await call(point(5, 6))) as routeGuidePb.Feature;
      assert.equal(ok.getName(), "at 5");
      assert.equal(ok.getLocation()?.getLongitude(), 6);
      const bad = (await call(point(950000000, 0))) as grpc.ServiceError;
      assert.equal(bad.code, grpc.status.INVALID_ARGUMENT);
      assert.equal(bad.details, "invalid point: latitude 950000000 out of range");
    } finally {
      client.close();
      server.forceShutdown();
    }
  });
});
