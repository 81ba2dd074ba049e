import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { create } from "@bufbuild/protobuf";
import { MACDReplySchema } from "@polyrpc/stubs";
import { createSeedClients } from "../seed-clients.js";
import { run } from "../testdata/run-command.js";
import { startSeedServer, type SeedServer } from "../testdata/seed-server.js";
import { toTextFormat } from "../text-format/to-text-format.js";

describe("polyrpc demo indicator", () => {
  let seed: SeedServer;
  before(async () => {
    seed = await startSeedServer();
  });
  after(() => seed.close());

  it("prints the 2023 MACD reply in the text format, as Python's print(response)", async () => {
    const r = await run("demo", ["indicator", "--target", seed.target]);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(r.stdout.startsWith('indicator client received: \nmacd {\n  date: "2023-01-02"\n  open: '), r.stdout.slice(0, 100));
    // print() adds a newline after the text's own.
    assert.ok(r.stdout.endsWith('  date: "2023-12-29"\n') === false && r.stdout.endsWith("}\n\n"));
    const blocks = r.stdout.match(/^macd \{\n[^}]*\}\n/gm) ?? [];
    assert.equal(blocks.length, 260, "one block per trading day of 2023");
    for (const block of blocks) {
      assert.match(
        block,
        /^macd \{\n  date: "2023-\d\d-\d\d"\n  open: [\d.]+\n  close: [\d.]+\n  high: [\d.]+\n  low: [\d.]+\n  macd: -?[\d.e+-]+\n  signal: -?[\d.e+-]+\n(  histogram: -?[\d.e+-]+\n)?\}\n$/,
      );
    }
  });

  it("prints what toTextFormat gives for the reply of the same request", async () => {
    const clients = createSeedClients(seed.target);
    const reply = await clients.indicator.getMACD({ startDate: "2023-03-01", endDate: "2023-03-03" }).finally(() => clients.close());
    const r = await run("demo", ["indicator", "--target", seed.target, "--start-date", "2023-03-01", "--end-date", "2023-03-03"]);
    assert.equal(r.stdout, `indicator client received: \n${toTextFormat(MACDReplySchema, reply)}\n`);
    assert.equal(r.stdout.match(/^macd \{$/gm)?.length, 3);
  });

  it("prints a reply with no days as an empty line", async () => {
    const r = await run("demo", ["indicator", "--target", seed.target, "--start-date", "1990-01-01", "--end-date", "1990-01-02"]);
    assert.deepEqual(r, { code: 0, stdout: "indicator client received: \n\n", stderr: "" });
    assert.equal(toTextFormat(MACDReplySchema, create(MACDReplySchema)), "");
  });

  it("reports the server's INVALID_ARGUMENT for a bad range", async () => {
    const r = await run("demo", ["indicator", "--target", seed.target, "--start-date", "2023-12-31", "--end-date", "2023-01-01"]);
    assert.deepEqual(r, {
      code: 1,
      stdout: "",
      stderr: "polyrpc: INVALID_ARGUMENT: invalid range: start_date 2023-12-31 is after end_date 2023-01-01\n",
    });
  });
});
