import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { BadRequestSchema, Code, createClient, RpcError } from "@polyrpc/grpc";
import { Indicator } from "@polyrpc/stubs";
import { computeMacd } from "./macd.js";
import { loadOhlc } from "./ohlc.js";
import { startSeedServer, type SeedServer } from "../testdata/seed-server.js";

describe("Indicator.GetMACD", () => {
  let t: SeedServer;
  before(async () => (t = await startSeedServer()));
  after(() => t.close());

  it("returns one row per trading day of the range, oldest first, with float32 MACD values", async () => {
    const reply = await createClient(Indicator, t.channel).getMACD({ startDate: "2023-01-01", endDate: "2023-12-31" });
    const expected = computeMacd(await loadOhlc(), { start: "2023-01-01", end: "2023-12-31" });
    assert.equal(reply.macd.length, 260);
    assert.equal(reply.macd[0]?.date, "2023-01-02");
    assert.equal(reply.macd.at(-1)?.date, "2023-12-29");
    reply.macd.forEach((row, i) => {
      const want = expected[i]!;
      assert.equal(row.date, want.date);
      for (const key of ["open", "close", "high", "low", "macd", "signal", "histogram"] as const) {
        assert.equal(row[key], Math.fround(want[key]), `${row.date} ${key}`);
      }
    });
    const first = reply.macd[0]!;
    assert.equal(first.histogram, Math.fround(expected[0]!.macd - expected[0]!.signal));
  });

  it("treats empty dates as the ends of the series", async () => {
    const reply = await createClient(Indicator, t.channel).getMACD({});
    assert.equal(reply.macd.length, (await loadOhlc()).length);
  });

  it("returns no rows for a range without trading days", async () => {
    const reply = await createClient(Indicator, t.channel).getMACD({ startDate: "2023-01-07", endDate: "2023-01-08" });
    assert.equal(reply.macd.length, 0);
  });

  for (const [request, message, fields] of [
    [{ startDate: "2023-13-01", endDate: "2023-12-31" }, 'invalid start_date: "2023-13-01" is not a date in YYYY-MM-DD form', ["start_date"]],
    [{ startDate: "2023-01-01", endDate: "31/12/2023" }, 'invalid end_date: "31/12/2023" is not a date in YYYY-MM-DD form', ["end_date"]],
    [{ startDate: "2023-12-31", endDate: "2023-01-01" }, "invalid range: start_date 2023-12-31 is after end_date 2023-01-01", ["start_date", "end_date"]],
  ] as const) {
    it(`rejects ${JSON.stringify(request)} with INVALID_ARGUMENT and a BadRequest on ${fields.join(", ")}`, async () => {
      await assert.rejects(createClient(Indicator, t.channel).getMACD(request), (e: unknown) => {
        assert.ok(e instanceof RpcError);
        assert.equal(e.code, Code.INVALID_ARGUMENT);
        assert.equal(e.message, message);
        const violations = e.findDetails(BadRequestSchema).flatMap((d) => d.fieldViolations.map((v) => [v.field, v.description]));
        assert.deepEqual(
          violations,
          fields.map((field) => [field, message]),
        );
        return true;
      });
    });
  }
});
