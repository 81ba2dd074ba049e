import assert from "node:assert/strict";
import http2 from "node:http2";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";
import { after, before, describe, it } from "node:test";
import { fromBinary, toBinary, create } from "@bufbuild/protobuf";
import { PointSchema, RouteGuide, RouteSummarySchema } from "@polyrpc/stubs";
import { status } from "@grpc/grpc-js";
import { createChannel, createClient } from "./create-client.js";
import { RpcError } from "./rpc-error.js";

/** One request stream as a plain node:http2 server received it. */
interface Received {
  headers: http2.IncomingHttpHeaders;
  body: Buffer;
  dataEvents: number;
}

/** Splits a gRPC body into [flag, message] pairs. */
function unframe(body: Buffer): { flag: number; message: Buffer }[] {
  const out: { flag: number; message: Buffer }[] = [];
  let pos = 0;
  while (pos < body.byteLength) {
    const length = body.readUInt32BE(pos + 1);
    out.push({ flag: body[pos]!, message: body.subarray(pos + 5, pos + 5 + length) });
    pos += 5 + length;
  }
  assert.equal(pos, body.byteLength, "the body ends inside a message");
  return out;
}

/** `n` points with distinct latitudes, as a sync iterable: all of them are ready at once. */
function* points(n: number) {
  for (let i = 0; i < n; i++) yield { latitude: i, longitude: -i };
}

describe("coalesced client streams", () => {
  // A gRPC server reduced to what the test checks: it records the request body and answers
  // RecordRoute with the number of messages it found, so the bytes on the wire are visible.
  const received: Received[] = [];
  let server: http2.Http2Server;
  let target: string;
  before(async () => {
    server = http2.createServer();
    server.on("stream", (stream, headers) => {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const body = Buffer.concat(chunks);
        received.push({ headers, body, dataEvents: chunks.length });
        const reply = toBinary(RouteSummarySchema, create(RouteSummarySchema, { pointCount: unframe(body).length }));
        const frame = Buffer.alloc(5 + reply.byteLength);
        frame.writeUInt32BE(reply.byteLength, 1);
        frame.set(reply, 5);
        stream.respond({ ":status": 200, "content-type": "application/grpc" }, { waitForTrailers: true });
        stream.on("wantTrailers", () => stream.sendTrailers({ "grpc-status": "0" }));
        stream.end(frame);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    target = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  async function record(n: number, config: Parameters<typeof createChannel>[1]): Promise<Received> {
    const channel = createChannel(target, config);
    try {
      const summary = await createClient(RouteGuide, channel).recordRoute(points(n));
      assert.equal(summary.pointCount, n);
      return received.at(-1)!;
    } finally {
      channel.close();
    }
  }

  it("sends the same bytes as one write() per request, in far fewer HTTP/2 writes", async () => {
    const coalesced = await record(5000, {});
    const plain = await record(5000, { coalesceWrites: false });
    assert.ok(coalesced.body.equals(plain.body), "the two request bodies differ");
    const messages = unframe(coalesced.body);
    assert.equal(messages.length, 5000);
    assert.ok(messages.every((m) => m.flag === 0));
    assert.deepEqual(fromBinary(PointSchema, messages[4321]!.message), create(PointSchema, { latitude: 4321, longitude: -4321 }));
    assert.ok(coalesced.dataEvents <= 50, `${coalesced.dataEvents} DATA events for 5,000 coalesced requests`);
    assert.ok(plain.dataEvents >= 1000, `${plain.dataEvents} DATA events for 5,000 requests written one by one`);
  });

  it("leaves requests on a gzip channel to grpc-js, which compresses each (flag 1)", async () => {
    const r = await record(50, { channelOptions: { "grpc.default_compression_algorithm": 2 } });
    assert.equal(r.headers["grpc-encoding"], "gzip");
    const messages = unframe(r.body);
    assert.equal(messages.length, 50);
    assert.ok(messages.every((m) => m.flag === 1));
    assert.equal(fromBinary(PointSchema, gunzipSync(messages[49]!.message)).latitude, 49);
  });

  it("sends requests through a token interceptor and a retry policy unchanged", async () => {
    const r = await record(3000, { token: "t0k3n", retry: { services: [RouteGuide] } });
    assert.equal(r.headers.authorization, "Bearer t0k3n");
    assert.deepEqual(
      unframe(r.body).map((m) => fromBinary(PointSchema, m.message).latitude),
      [...points(3000)].map((p) => p.latitude),
    );
  });

  it("fails with grpc-js's RESOURCE_EXHAUSTED for a request over the maximum send size", async () => {
    const channel = createChannel(target, { channelOptions: { "grpc.max_send_message_length": 6 } });
    try {
      // latitude 2^30 and longitude -1 take 5 + 11 bytes, more than 6.
      const requests = [{ latitude: 1 }, { latitude: 2 }, { latitude: 2 ** 30, longitude: -1 }];
      await assert.rejects(createClient(RouteGuide, channel).recordRoute(requests), (e: unknown) => {
        assert.ok(e instanceof RpcError);
        assert.equal(e.code, status.RESOURCE_EXHAUSTED);
        assert.match(e.message, /larger than 6/);
        return true;
      });
    } finally {
      channel.close();
    }
  });
});
