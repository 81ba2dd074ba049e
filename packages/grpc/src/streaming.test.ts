import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { after, before, describe, it } from "node:test";
import { IndicatorGraph, RouteGuide } from "@polyrpc/stubs";
import { status } from "@grpc/grpc-js";
import { createClient } from "./create-client.js";
import { RpcError } from "./rpc-error.js";
import { service } from "./service-impl.js";
import { startServer, type TestServer } from "./testdata/start-server.js";
import { waitFor } from "./testdata/wait-for.js";

describe("streaming calls", () => {
  let t: TestServer;
  // What the endless and the chunk producers did, for the cancellation and backpressure tests.
  const producer = { produced: 0, finished: false, aborted: false };
  before(async () => {
    t = await startServer({
      services: [
        service(RouteGuide, {
          async *listFeatures(rect, ctx) {
            if (rect.lo?.latitude === -1) {
              // Endless: only the client's cancellation stops it.
              producer.produced = 0;
              producer.finished = false;
              try {
                for (let i = 0; ; i++) {
                  producer.produced++;
                  yield { name: `f${i}` };
                  await sleep(5, undefined, { signal: ctx.signal }).catch(() => {});
                  if (ctx.signal.aborted) return;
                }
              } finally {
                producer.finished = true;
                producer.aborted = ctx.signal.aborted;
              }
            }
            if (rect.lo?.latitude === -2) {
              yield { name: "one" };
              throw new RpcError(status.RESOURCE_EXHAUSTED, "quota spent after one feature");
            }
            const n = rect.hi?.latitude ?? 0;
            for (let i = 0; i < n; i++) yield { name: `feature ${i}`, location: { latitude: i, longitude: -i } };
          },
          async recordRoute(points) {
            let count = 0;
            let sum = 0;
            for await (const p of points) {
              count++;
              sum += p.latitude;
            }
            return { pointCount: count, distance: sum };
          },
          async *routeChat(notes) {
            for await (const note of notes) yield { message: note.message.toUpperCase(), location: note.location };
          },
        }),
        service(IndicatorGraph, {
          async *getMACDGraph(req, ctx) {
            // 64 KiB chunks as fast as the transport takes them: the backpressure test counts them.
            producer.produced = 0;
            const chunk = new Uint8Array(64 * 1024);
            for (let i = 0; i < req.chunkSize && !ctx.signal.aborted; i++) {
              producer.produced++;
              yield { macdChunk: chunk, offset: BigInt(i * chunk.length) };
            }
          },
        }),
      ],
    });
  });
  after(() => t.close());

  it("delivers every server-streamed message, in order", async () => {
    const client = createClient(RouteGuide, t.channel);
    const names: string[] = [];
    for await (const f of client.listFeatures({ lo: {}, hi: { latitude: 50 } })) names.push(f.name);
    assert.equal(names.length, 50);
    assert.deepEqual(names.slice(0, 3), ["feature 0", "feature 1", "feature 2"]);
    assert.equal(names.at(-1), "feature 49");
  });

  it("ends an empty stream without messages", async () => {
    const client = createClient(RouteGuide, t.channel);
    const got = [];
    for await (const f of client.listFeatures({ lo: {}, hi: { latitude: 0 } })) got.push(f);
    assert.equal(got.length, 0);
  });

  it("delivers messages sent before an error, then throws the error's status", async () => {
    const client = createClient(RouteGuide, t.channel);
    const got: string[] = [];
    await assert.rejects(
      (async () => {
        for await (const f of client.listFeatures({ lo: { latitude: -2 } })) got.push(f.name);
      })(),
      (e: unknown) => e instanceof RpcError && e.code === status.RESOURCE_EXHAUSTED && e.message === "quota spent after one feature",
    );
    assert.deepEqual(got, ["one"]);
  });

  it("reads a client stream to its end", async () => {
    const client = createClient(RouteGuide, t.channel);
    async function* points() {
      for (let i = 1; i <= 100; i++) yield { latitude: i };
    }
    const summary = await client.recordRoute(points());
    assert.equal(summary.pointCount, 100);
    assert.equal(summary.distance, 5050);
  });

  it("answers each bidi message as it arrives, interleaved", async () => {
    const client = createClient(RouteGuide, t.channel);
    // Sends the next note only after the previous answer arrived: proves true interleaving.
    let answered = 0;
    async function* notes() {
      for (let i = 0; i < 5; i++) {
        while (answered < i) await sleep(1);
        yield { message: `note ${i}`, location: { latitude: i } };
      }
    }
    const got: string[] = [];
    for await (const n of client.routeChat(notes())) {
      got.push(`${n.message}@${n.location?.latitude}`);
      answered++;
    }
    assert.deepEqual(got, ["NOTE 0@0", "NOTE 1@1", "NOTE 2@2", "NOTE 3@3", "NOTE 4@4"]);
  });

  it("stops the server's producer when the client breaks out of the loop", async () => {
    const client = createClient(RouteGuide, t.channel);
    let received = 0;
    for await (const _ of client.listFeatures({ lo: { latitude: -1 } })) {
      if (++received === 5) break;
    }
    await waitFor(() => producer.finished);
    assert.equal(producer.aborted, true, "the handler's signal did not abort");
    const stoppedAt = producer.produced;
    await sleep(100);
    assert.equal(producer.produced, stoppedAt, "the handler kept producing after the client left");
  });

  it("cancels a server stream through the caller's signal with CANCELLED", async () => {
    const client = createClient(RouteGuide, t.channel);
    const controller = new AbortController();
    let received = 0;
    await assert.rejects(
      (async () => {
        for await (const _ of client.listFeatures({ lo: { latitude: -1 } }, { signal: controller.signal })) {
          if (++received === 3) controller.abort();
        }
      })(),
      (e: unknown) => e instanceof RpcError && e.code === status.CANCELLED,
    );
    await waitFor(() => producer.finished && producer.aborted);
  });

  it("paces the producer by a slow reader instead of buffering the whole stream", async () => {
    const client = createClient(IndicatorGraph, t.channel);
    // 4000 chunks of 64 KiB = 250 MiB if the server buffered everything; the reader takes only 8.
    let read = 0;
    for await (const _ of client.getMACDGraph({ chunkSize: 4000 })) {
      await sleep(20);
      if (++read === 8) break;
    }
    // HTTP/2 flow-control windows and stream buffers hold a bounded number of chunks (a few MiB).
    assert.ok(producer.produced < 200, `server produced ${producer.produced} chunks for a reader that took 8`);
  });
});
