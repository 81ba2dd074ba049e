import assert from "node:assert/strict";
import http2 from "node:http2";
import { setTimeout as sleep } from "node:timers/promises";
import { after, before, describe, it } from "node:test";
import { fromBinary, toBinary, create } from "@bufbuild/protobuf";
import { FeatureSchema, IndicatorGraph, RectangleSchema, RouteGuide } from "@polyrpc/stubs";
import { ServerInterceptingCall, ResponderBuilder, status, type ServerInterceptor } from "@grpc/grpc-js";
import { createClient } from "./create-client.js";
import { RpcError } from "./rpc-error.js";
import { methodPath } from "./service-definition.js";
import { service, type ServiceRegistration } from "./service-impl.js";
import { startServer, type TestServer } from "./testdata/start-server.js";

/** What a raw HTTP/2 client saw of one gRPC call: headers, the body's bytes, DATA events, trailers. */
interface RawResponse {
  headers: http2.IncomingHttpHeaders;
  body: Buffer;
  dataEvents: number;
  trailers: http2.IncomingHttpHeaders;
}

/** Calls ListFeatures with a plain node:http2 client, so the test sees the gRPC framing itself. */
async function rawListFeatures(port: number, rectangle: Parameters<typeof create<typeof RectangleSchema>>[1]): Promise<RawResponse> {
  const session = http2.connect(`http://127.0.0.1:${port}`);
  try {
    const request = session.request({
      ":method": "POST",
      ":path": methodPath(RouteGuide.method.listFeatures),
      "content-type": "application/grpc",
      te: "trailers",
    });
    const message = toBinary(RectangleSchema, create(RectangleSchema, rectangle));
    const frame = Buffer.alloc(5 + message.byteLength);
    frame.writeUInt32BE(message.byteLength, 1);
    frame.set(message, 5);
    request.end(frame);
    return await new Promise<RawResponse>((resolve, reject) => {
      let headers: http2.IncomingHttpHeaders = {};
      let trailers: http2.IncomingHttpHeaders = {};
      const chunks: Buffer[] = [];
      request.on("response", (h) => (headers = h));
      request.on("trailers", (t) => (trailers = t));
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("error", reject);
      request.on("end", () => resolve({ headers, body: Buffer.concat(chunks), dataEvents: chunks.length, trailers }));
    });
  } finally {
    session.close();
  }
}

/** Splits a gRPC body into its messages, asserting that every flag byte says "not compressed". */
function unframe(body: Buffer): Buffer[] {
  const messages: Buffer[] = [];
  let pos = 0;
  while (pos < body.byteLength) {
    assert.equal(body[pos], 0, `compressed flag of the message at byte ${pos}`);
    const length = body.readUInt32BE(pos + 1);
    messages.push(body.subarray(pos + 5, pos + 5 + length));
    pos += 5 + length;
  }
  assert.equal(pos, body.byteLength, "the body ends inside a message");
  return messages;
}

/** 1,000 features of about 1 KiB, yielded without a pause: the shape coalescing is for. */
function routeGuide(): ServiceRegistration {
  return service(RouteGuide, {
    async *listFeatures(rect, ctx) {
      ctx.responseHeaders.set("x-head", "h1");
      ctx.responseTrailers.set("x-tail", "t1");
      const n = rect.hi?.latitude ?? 0;
      for (let i = 0; i < n; i++) yield { name: `feature ${i} `.padEnd(1000, "x"), location: { latitude: i, longitude: -i } };
      if (rect.lo?.latitude === -3) throw new RpcError(status.FAILED_PRECONDITION, `failed after ${n} features`);
    },
  });
}

describe("coalesced server streams", () => {
  let on: TestServer;
  let off: TestServer;
  before(async () => {
    on = await startServer({ services: [routeGuide()], coalesceWrites: true });
    off = await startServer({ services: [routeGuide()], coalesceWrites: false });
  });
  after(async () => {
    await on.close();
    await off.close();
  });

  it("sends the same bytes, headers and trailers as grpc-js's write() per message, in fewer HTTP/2 writes", async () => {
    const coalesced = await rawListFeatures(on.port, { hi: { latitude: 1000 } });
    const plain = await rawListFeatures(off.port, { hi: { latitude: 1000 } });
    assert.ok(coalesced.body.equals(plain.body), "the two bodies differ");
    const messages = unframe(coalesced.body);
    assert.equal(messages.length, 1000);
    assert.equal(fromBinary(FeatureSchema, messages[999]!).name, "feature 999 ".padEnd(1000, "x"));
    assert.equal(fromBinary(FeatureSchema, messages[999]!).location?.longitude, -999);
    for (const r of [coalesced, plain]) {
      assert.equal(r.headers[":status"], 200);
      assert.equal(r.headers["content-type"], "application/grpc+proto");
      assert.equal(r.headers["grpc-encoding"], "identity");
      assert.equal(r.headers["x-head"], "h1");
      assert.equal(r.trailers["grpc-status"], "0");
      assert.equal(r.trailers["x-tail"], "t1");
    }
    // About 1 MiB arrives in 64 KiB writes rather than 1,000 of them (HTTP/2 may split a write into frames).
    assert.ok(coalesced.dataEvents <= 100, `${coalesced.dataEvents} DATA events for 1,000 coalesced messages`);
    assert.ok(plain.dataEvents >= 500, `${plain.dataEvents} DATA events for 1,000 messages written one by one`);
  });

  it("delivers every message before the handler's error status, with its trailers", async () => {
    const r = await rawListFeatures(on.port, { lo: { latitude: -3 }, hi: { latitude: 300 } });
    assert.equal(unframe(r.body).length, 300);
    assert.equal(r.trailers["grpc-status"], String(status.FAILED_PRECONDITION));
    assert.equal(r.trailers["grpc-message"], "failed%20after%20300%20features");
    assert.equal(r.trailers["x-tail"], "t1");
  });

  it("streams to a grpc-js client with a gzip channel: responses stay uncompressed (flag 0), as grpc-js sends them", async () => {
    const client = createClient(RouteGuide, on.target, { channelOptions: { "grpc.default_compression_algorithm": 2 } });
    let count = 0;
    let trailer: string | undefined;
    for await (const f of client.listFeatures({ hi: { latitude: 500 } }, { onTrailer: (m) => (trailer = m.get("x-tail")[0] as string) })) {
      assert.equal(f.location?.latitude, count++);
    }
    assert.equal(count, 500);
    assert.equal(trailer, "t1");
  });
});

describe("coalesced server streams, limits and interceptors", () => {
  it("answers RESOURCE_EXHAUSTED for a message over the maximum send size, after the messages before it", async () => {
    const t = await startServer({
      services: [
        service(IndicatorGraph, {
          async *getMACDGraph() {
            for (let i = 0; i < 10; i++) yield { macdChunk: new Uint8Array(100), offset: BigInt(i) };
            yield { macdChunk: new Uint8Array(5000) };
            yield { macdChunk: new Uint8Array(1) };
          },
        }),
      ],
      grpcOptions: { "grpc.max_send_message_length": 1000 },
      coalesceWrites: true,
    });
    try {
      const offsets: bigint[] = [];
      await assert.rejects(
        (async () => {
          for await (const c of createClient(IndicatorGraph, t.channel).getMACDGraph({})) offsets.push(c.offset);
        })(),
        (e: unknown) => e instanceof RpcError && e.code === status.RESOURCE_EXHAUSTED && /larger than max/.test(e.message),
      );
      assert.deepEqual(offsets, [0n, 1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n, 9n]);
    } finally {
      await t.close();
    }
  });

  it("shows every message to an interceptor that intercepts responses, and only then sends it", async () => {
    const seen: number[] = [];
    const tagging: ServerInterceptor = (_method, call) =>
      new ServerInterceptingCall(
        call,
        new ResponderBuilder()
          .withSendMessage((message, next) => {
            seen.push((message as { location?: { latitude: number } }).location?.latitude ?? -1);
            next({ ...(message as object), name: "intercepted" });
          })
          .build(),
      );
    const t = await startServer({ services: [routeGuide()], grpcOptions: { interceptors: [tagging] }, coalesceWrites: true });
    try {
      const names = new Set<string>();
      let count = 0;
      for await (const f of createClient(RouteGuide, t.channel).listFeatures({ hi: { latitude: 200 } })) {
        names.add(f.name);
        count++;
      }
      assert.equal(count, 200);
      assert.deepEqual([...names], ["intercepted"]);
      assert.equal(seen.length, 200);
    } finally {
      await t.close();
    }
  });

  it("paces a producer of 1 KiB messages by a slow reader", async () => {
    let produced = 0;
    const t = await startServer({
      services: [
        service(IndicatorGraph, {
          async *getMACDGraph(_req, ctx) {
            const chunk = new Uint8Array(1024);
            for (let i = 0; i < 1_000_000 && !ctx.signal.aborted; i++) {
              produced++;
              yield { macdChunk: chunk, offset: BigInt(i) };
            }
          },
        }),
      ],
      coalesceWrites: true,
    });
    try {
      let read = 0;
      for await (const _ of createClient(IndicatorGraph, t.channel).getMACDGraph({})) {
        await sleep(20);
        if (++read === 8) break;
      }
      // 1,000,000 KiB if nothing held it back; flow-control windows and stream buffers hold a few MiB.
      assert.ok(produced < 10_000, `server produced ${produced} 1 KiB chunks for a reader that took 8`);
    } finally {
      await t.close();
    }
  });

  it("ends a stream at its deadline with DEADLINE_EXCEEDED after the messages sent by then, and stops the producer", async () => {
    let aborted = false;
    const t = await startServer({
      services: [
        service(RouteGuide, {
          async *listFeatures(_rect, ctx) {
            try {
              for (let i = 0; !ctx.signal.aborted; i++) {
                // Ten messages per tick, then a pause: batches, and a deadline that falls between them.
                for (let j = 0; j < 10; j++) yield { name: `f${i * 10 + j}` };
                await sleep(10);
              }
            } finally {
              aborted = ctx.signal.aborted;
            }
          },
        }),
      ],
      coalesceWrites: true,
    });
    try {
      const names: string[] = [];
      await assert.rejects(
        (async () => {
          for await (const f of createClient(RouteGuide, t.channel).listFeatures({}, { timeoutMs: 300 })) names.push(f.name);
        })(),
        (e: unknown) => e instanceof RpcError && e.code === status.DEADLINE_EXCEEDED,
      );
      assert.ok(names.length >= 10, `${names.length} messages before the deadline`);
      assert.deepEqual(
        names,
        names.map((_, i) => `f${i}`),
        "in order, none lost or repeated",
      );
      await sleep(50);
      assert.equal(aborted, true, "the handler's signal aborted");
    } finally {
      await t.close();
    }
  });

  it("sends response headers set before the first yield, and not those set later, as before", async () => {
    const t = await startServer({
      services: [
        service(RouteGuide, {
          async *listFeatures(_rect, ctx) {
            ctx.responseHeaders.set("x-early", "yes");
            yield { name: "a" };
            ctx.responseHeaders.set("x-late", "no");
            yield { name: "b" };
          },
        }),
      ],
      coalesceWrites: true,
    });
    try {
      const r = await rawListFeatures(t.port, {});
      assert.equal(r.headers["x-early"], "yes");
      assert.equal(r.headers["x-late"], undefined);
      assert.deepEqual(
        unframe(r.body).map((m) => fromBinary(FeatureSchema, m).name),
        ["a", "b"],
      );
    } finally {
      await t.close();
    }
  });
});
