import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { inflateSync } from "node:zlib";

import { parseDateRange } from "../indicator/date-range.js";
import { computeMacd } from "../indicator/macd.js";
import { loadOhlc } from "../indicator/ohlc.js";
import { renderMacdChart } from "./render-macd-chart.js";

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

interface PngInfo {
  width: number;
  height: number;
  /** Decompressed scanlines (each prefixed by its filter byte). */
  pixels: Buffer;
}

/** Walks the PNG chunks: checks the signature, IHDR first, IEND last, and inflates IDAT. */
function readPng(bytes: Uint8Array): PngInfo {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  assert.deepEqual([...buf.subarray(0, 8)], PNG_SIGNATURE, "PNG signature");
  assert.equal(buf.toString("latin1", 12, 16), "IHDR", "IHDR is the first chunk");
  const width = buf.readUInt32BE(16);
  const height = buf.readUInt32BE(20);
  const idat: Buffer[] = [];
  let pos = 8;
  let type = "";
  while (pos < buf.length) {
    const length = buf.readUInt32BE(pos);
    type = buf.toString("latin1", pos + 4, pos + 8);
    if (type === "IDAT") idat.push(buf.subarray(pos + 8, pos + 8 + length));
    pos += 12 + length;
  }
  assert.equal(type, "IEND", "IEND is the last chunk");
  assert.equal(pos, buf.length, "no bytes after IEND");
  return { width, height, pixels: inflateSync(Buffer.concat(idat)) };
}

describe("renderMacdChart", async () => {
  const rows = computeMacd(await loadOhlc(), parseDateRange("", ""));
  const title = "MACD of SYNTH (synthetic data)";

  it("renders the full series at the default size, fast enough", async (t) => {
    await renderMacdChart(rows, { width: 1000, height: 600, title }); // warm-up: module and font loading
    const started = performance.now();
    const png = await renderMacdChart(rows, { width: 1000, height: 600, title });
    const ms = performance.now() - started;
    t.diagnostic(`${rows.length} rows at 1000x600: ${ms.toFixed(0)} ms, ${png.byteLength} bytes`);
    const info = readPng(png);
    assert.equal(info.width, 1000);
    assert.equal(info.height, 600);
    // 4 bytes per pixel (RGBA, 8 bits) plus one filter byte per row.
    assert.equal(info.pixels.length, 600 * (1 + 1000 * 4));
    // Generous bound: the target is < 1 s on a 2-core machine, but CI may be busy.
    assert.ok(ms < 3000, `rendering took ${ms} ms`);
  });

  it("makes exactly the requested size", async () => {
    for (const [width, height] of [
      [100, 100],
      [400, 300],
      [1234, 567],
      [4000, 100],
    ] as const) {
      const info = readPng(await renderMacdChart(rows, { width, height, title }));
      assert.deepEqual([info.width, info.height], [width, height]);
    }
  });

  it("draws something: many distinct byte values, unlike a blank image", async () => {
    const chart = readPng(await renderMacdChart(rows, { width: 400, height: 300, title }));
    assert.ok(new Set(chart.pixels).size > 50);
  });

  it("renders a valid 'no data' PNG for an empty range", async () => {
    const png = await renderMacdChart([], { width: 640, height: 480, title });
    const info = readPng(png);
    assert.deepEqual([info.width, info.height], [640, 480]);
    assert.ok(new Set(info.pixels).size > 2, "the text is drawn");
  });

  it("is deterministic", async () => {
    const some = rows.slice(100, 160);
    const a = await renderMacdChart(some, { width: 500, height: 400, title });
    const b = await renderMacdChart(some, { width: 500, height: 400, title });
    assert.deepEqual(Buffer.from(a), Buffer.from(b));
  });
});
