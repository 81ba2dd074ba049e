import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { BadRequestSchema, Code, createClient, RpcError } from "@polyrpc/grpc";
import { IndicatorGraph, type MACDGraphReply } from "@polyrpc/stubs";
import { startSeedServer, type SeedServer } from "../testdata/seed-server.js";

const pngSignature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

describe("IndicatorGraph.GetMACDGraph", () => {
  let t: SeedServer;
  before(async () => (t = await startSeedServer()));
  after(() => t.close());

  async function fetch(request: Parameters<ReturnType<typeof createClient<typeof IndicatorGraph>>["getMACDGraph"]>[0]) {
    const chunks: MACDGraphReply[] = [];
    for await (const c of createClient(IndicatorGraph, t.channel).getMACDGraph(request)) chunks.push(c);
    return chunks;
  }

  it("streams a PNG of the requested size in 64 KiB chunks by default, with offsets and a checksum", async () => {
    const chunks = await fetch({ startDate: "2023-01-01", endDate: "2023-12-31", width: 1600, height: 900 });
    const file = Buffer.concat(chunks.map((c) => c.macdChunk));
    assert.deepEqual([...file.subarray(0, 8)], pngSignature);
    assert.equal(file.readUInt32BE(16), 1600, "IHDR width");
    assert.equal(file.readUInt32BE(20), 900, "IHDR height");
    let offset = 0n;
    chunks.forEach((c, i) => {
      assert.equal(c.offset, offset, `chunk ${i} offset`);
      assert.equal(c.totalSize, BigInt(file.length));
      if (i < chunks.length - 1) {
        assert.equal(c.macdChunk.length, 65536);
        assert.equal(c.sha256.length, 0, "only the last chunk carries the checksum");
      }
      offset += BigInt(c.macdChunk.length);
    });
    assert.deepEqual(Buffer.from(chunks.at(-1)!.sha256), createHash("sha256").update(file).digest());
  });

  it("honours a caller's chunk size, such as the seed's 1 KiB", async () => {
    const chunks = await fetch({ startDate: "2024-01-01", endDate: "2024-03-31", chunkSize: 1024 });
    const total = Number(chunks[0]!.totalSize);
    assert.equal(chunks.length, Math.ceil(total / 1024));
    assert.ok(chunks.slice(0, -1).every((c) => c.macdChunk.length === 1024));
    const file = Buffer.concat(chunks.map((c) => c.macdChunk));
    assert.equal(file.readUInt32BE(16), 1000, "default width");
    assert.equal(file.readUInt32BE(20), 600, "default height");
  });

  for (const [request, message, field] of [
    [{ chunkSize: 4000001 }, "invalid chunk_size: 4000001 is outside 1..4000000", "chunk_size"],
    [{ width: 99 }, "invalid width: 99 is outside 100..4000", "width"],
    [{ height: 4001 }, "invalid height: 4001 is outside 100..4000", "height"],
    [{ startDate: "2023-02-30" }, 'invalid start_date: "2023-02-30" is not a date in YYYY-MM-DD form', "start_date"],
    [{ endDate: "2023-1-1" }, 'invalid end_date: "2023-1-1" is not a date in YYYY-MM-DD form', "end_date"],
  ] as const) {
    it(`rejects ${JSON.stringify(request)} with INVALID_ARGUMENT before any chunk`, async () => {
      const got: MACDGraphReply[] = [];
      await assert.rejects(
        (async () => {
          for await (const c of createClient(IndicatorGraph, t.channel).getMACDGraph(request)) got.push(c);
        })(),
        (e: unknown) => {
          assert.ok(e instanceof RpcError);
          assert.deepEqual([e.code, e.message], [Code.INVALID_ARGUMENT, message]);
          const violations = e.findDetails(BadRequestSchema).flatMap((d) => d.fieldViolations.map((v) => [v.field, v.description]));
          assert.deepEqual(violations, [[field, message]]);
          return true;
        },
      );
      assert.equal(got.length, 0);
    });
  }
});
