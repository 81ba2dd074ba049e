// grpc-node's own RouteGuide client (examples/routeguide/static_codegen/route_guide_client.js, vendored unchanged in
// testdata/grpc-node-routeguide, see its README) run as a program on @polyrpc/stubs-classic, against polyrpc's
// TypeScript server and the Python one: what it prints is checked line by line against the feature database.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { createRequire } from "node:module";
import { connect, type Socket } from "node:net";
import { describe, it } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { create } from "@bufbuild/protobuf";
import { getDistance } from "@polyrpc/server";
import { PointSchema } from "@polyrpc/stubs";
import { startServer } from "./testdata/start-server.mjs";

const exampleDir = fileURLToPath(new URL("testdata/grpc-node-routeguide/", import.meta.url));
const client = `${exampleDir}route_guide_client.js`;
const dbPath = fileURLToPath(new URL("data/route_guide_db.json", pathToFileURL(createRequire(import.meta.url).resolve("@polyrpc/server/package.json"))));
const db = JSON.parse(readFileSync(dbPath, "utf8")) as { name: string; location: { latitude: number; longitude: number } }[];

/** An HTTP CONNECT proxy on 127.0.0.1 port 0 that tunnels every CONNECT to `target`, and lists what was asked. */
async function startProxy(target: string): Promise<{ port: number; requested: string[]; close(): Promise<void> }> {
  const [host, port] = [target.slice(0, target.lastIndexOf(":")), Number(target.slice(target.lastIndexOf(":") + 1))];
  const requested: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((_req, res) => res.writeHead(405).end());
  server.on("connect", (req, socket: Socket, head: Buffer) => {
    requested.push(req.url!);
    const upstream = connect(port, host, () => {
      socket.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      if (head.length > 0) upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    for (const s of [socket, upstream]) {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
    }
    upstream.on("error", () => socket.destroy());
    socket.on("error", () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as { port: number }).port,
    requested,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** How the client prints a point: E7 integers divided by 1e7 with JavaScript's number formatting. */
const at = (p: { latitude: number; longitude: number }) => `${p.latitude / 1e7}, ${p.longitude / 1e7}`;

describe("grpc-node's route_guide_client.js", () => {
  it("is grpc-node's file byte for byte (the Git blob its README names)", () => {
    const bytes = readFileSync(client);
    const blob = createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
    assert.equal(blob, "0ab40a8a55029c94614bc6fd9053c3189e428010");
  });
});

describe("grpc-node's route_guide_client.js, unchanged, on the classic stubs", { concurrency: true }, () => {
  for (const impl of ["ts", "py"] as const) {
    it(`runs its four demos against the ${impl === "ts" ? "TypeScript" : "Python"} server`, async () => {
      const server = await startServer(impl);
      const proxy = await startProxy(server.target).catch((e: unknown) => {
        server.child.kill("SIGKILL");
        throw e;
      });
      let stdout: string;
      let stderr: string;
      try {
        const env: NodeJS.ProcessEnv = { ...process.env, grpc_proxy: `http://127.0.0.1:${proxy.port}` };
        for (const name of ["no_grpc_proxy", "no_proxy", "NO_PROXY", "http_proxy", "https_proxy"]) delete env[name];
        // RecordRoute waits 0.5 to 1.5 s after each of its 10 points; execFile kills the client at the timeout.
        ({ stdout, stderr } = await promisify(execFile)(process.execPath, [client, `--db_path=${dbPath}`], { cwd: exampleDir, env, timeout: 60_000 }));
      } finally {
        await proxy.close();
        if (server.child.exitCode === null) process.kill(server.child.pid!, "SIGKILL");
      }
      assert.equal(stderr, "");
      // Every connection it made was for the address written in the file, tunnelled to the server under test.
      assert.ok(proxy.requested.length > 0);
      assert.deepEqual(new Set(proxy.requested), new Set(["localhost:50051"]));

      const lines = stdout.split("\n");
      assert.equal(lines.pop(), "");
      // runGetFeature: two calls at once, so the answers come in either order.
      assert.deepEqual(lines.splice(0, 2).sort(), [
        'Found feature called "Berkshire Valley Management Area Trail, Jefferson, NJ, USA" at 40.9146138, -74.6188906',
        "Found no feature at 0, 0",
      ]);
      // runListFeatures: every database feature in the rectangle, in database order.
      const inRect = db.filter(
        (f) => f.location.latitude >= 400000000 && f.location.latitude <= 420000000 && f.location.longitude >= -750000000 && f.location.longitude <= -730000000,
      );
      assert.ok(inRect.length > 50, `${inRect.length} features in the rectangle`);
      assert.deepEqual(lines.splice(0, 1 + inRect.length), [
        "Looking for features between 40, -75 and 42, -73",
        ...inRect.map((f) => `Found feature called "${f.name}" at ${at(f.location)}`),
      ]);
      // runRecordRoute: 10 random database points; the summary's distance is recomputed from the ones it printed.
      const visits = lines.splice(0, 10);
      const route = visits.map((line) => {
        const feature = db.find((f) => line === `Visiting point ${at(f.location)}`);
        assert.ok(feature !== undefined, `${line} is a database point`);
        return create(PointSchema, feature.location);
      });
      const distance = Math.trunc(route.slice(1).reduce((sum, p, i) => sum + getDistance(route[i]!, p), 0));
      const summary = lines.splice(0, 4);
      assert.deepEqual(summary.slice(0, 3), ["Finished trip with 10 points", "Passed 10 features", `Travelled ${distance} meters`]);
      const seconds = Number(/^It took (\d+) seconds$/.exec(summary[3]!)?.[1]);
      assert.ok(seconds >= 4 && seconds <= 30, summary[3]);
      // runRouteChat: the fourth note is at the first one's location, so the server sends the first back.
      assert.deepEqual(lines, [
        'Sending message "First message" at 0, 0',
        'Sending message "Second message" at 0, 1',
        'Sending message "Third message" at 1, 0',
        'Sending message "Fourth message" at 0, 0',
        'Got message "First message" at 0, 0',
      ]);
    });
  }
});
