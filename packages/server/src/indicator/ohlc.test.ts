import * as assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { pathToFileURL } from "node:url";

import { DEFAULT_OHLC_URL, loadOhlc, parseOhlcCsv } from "./ohlc.js";

const HEADER = "date,open,high,low,close";

describe("loadOhlc", () => {
  it("loads the shipped synthetic series, oldest first", async () => {
    const bars = await loadOhlc();
    assert.equal(bars.length, 782);
    assert.deepEqual(bars[0], { date: "2022-01-03", open: 99.63, high: 100.12, low: 99.61, close: 100.01 });
    assert.deepEqual(bars.at(-1), { date: "2024-12-31", open: 86.4, high: 87.38, low: 86.38, close: 86.71 });
    for (let i = 1; i < bars.length; i++) assert.ok(bars[i - 1]!.date < bars[i]!.date);
    assert.ok(Object.isFrozen(bars) && Object.isFrozen(bars[0]));
  });

  it("caches the default series", () => {
    assert.equal(loadOhlc(), loadOhlc());
    assert.equal(loadOhlc(new URL(DEFAULT_OHLC_URL.href)), loadOhlc());
  });

  describe("with another file", () => {
    let dir = "";
    after(async () => {
      if (dir !== "") await rm(dir, { recursive: true, force: true });
    });

    it("reads it and names the file and line on errors", async () => {
      dir = await mkdtemp(join(tmpdir(), "ohlc-"));
      const good = join(dir, "good.csv");
      await writeFile(good, `${HEADER}\r\n2024-01-02,1,2,0.5,1.5\r\n`);
      assert.deepEqual(await loadOhlc(pathToFileURL(good)), [{ date: "2024-01-02", open: 1, high: 2, low: 0.5, close: 1.5 }]);
      const bad = join(dir, "bad.csv");
      await writeFile(bad, `${HEADER}\n2024-01-02,1,2,0.5,1.5\n2024-01-03,1,2,x,1.5\n`);
      await assert.rejects(loadOhlc(pathToFileURL(bad)), (err: Error) => {
        assert.match(err.message, /bad\.csv:3: invalid price: "x"$/);
        return true;
      });
    });
  });
});

describe("parseOhlcCsv", () => {
  const rejects = (text: string, message: string): void => {
    assert.throws(() => parseOhlcCsv(text, "t.csv"), { message });
  };

  it("parses a header-only file as empty", () => {
    assert.deepEqual(parseOhlcCsv(`${HEADER}\n`), []);
  });

  it("rejects a wrong header", () => {
    rejects("date,close\n", 't.csv:1: expected header "date,open,high,low,close": "date,close"');
    rejects("", 't.csv:1: expected header "date,open,high,low,close": ""');
  });

  it("rejects bad rows with the line number and the value", () => {
    rejects(`${HEADER}\n2024-01-02,1,2,3\n`, 't.csv:2: expected 5 comma-separated fields: "2024-01-02,1,2,3"');
    rejects(`${HEADER}\n2024-01-02,1,2,0.5,1\n\n2024-01-04,1,2,0.5,1\n`, 't.csv:3: expected 5 comma-separated fields: ""');
    rejects(`${HEADER}\n2023-02-30,1,2,0.5,1\n`, 't.csv:2: invalid date: "2023-02-30"');
    rejects(`${HEADER}\n2024-01-02,1,2,0.5,1\n2024-01-02,1,2,0.5,1\n`, 't.csv:3: date not after previous row\'s 2024-01-02: "2024-01-02"');
    for (const price of ["", " 1", "1e3", "0x10", "Infinity", "NaN", "1.", ".5"]) {
      rejects(`${HEADER}\n2024-01-02,1,2,${price},1\n`, `t.csv:2: invalid price: ${JSON.stringify(price)}`);
    }
  });
});
