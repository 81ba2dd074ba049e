import * as assert from "node:assert/strict";
import { describe, it } from "node:test";

import { parseDateRange } from "./date-range.js";
import { computeMacd, ema } from "./macd.js";
import type { MacdRow } from "./macd.js";
import { loadOhlc } from "./ohlc.js";
import type { OhlcBar } from "./ohlc.js";

function close(actual: number, expected: number, relTol: number, what: string): void {
  const scale = Math.max(Math.abs(expected), Number.MIN_VALUE);
  assert.ok(
    Math.abs(actual - expected) <= relTol * scale || actual === expected,
    `${what}: got ${actual}, expected ${expected} (relative tolerance ${relTol})`,
  );
}

describe("ema", () => {
  it("matches hand-computed values", () => {
    // span 3 → a = 0.5: 1, (1 + 2)/2, (1.5 + 3)/2.
    assert.deepEqual(ema([1, 2, 3], 3), [1, 1.5, 2.25]);
    // span 2 → a = 2/3: 2, 10/3, 58/9, 346/27.
    const got = ema([2, 4, 8, 16], 2);
    [2, 10 / 3, 58 / 9, 346 / 27].forEach((want, i) => close(got[i]!, want, 1e-15, `ema[${i}]`));
  });

  it("starts at the first value and keeps a constant series constant", () => {
    assert.deepEqual(ema([7], 26), [7]);
    assert.deepEqual(ema([5, 5, 5, 5], 12), [5, 5, 5, 5]);
  });

  it("is the identity for span 1 and empty for no input", () => {
    assert.deepEqual(ema([3, -1, 4], 1), [3, -1, 4]);
    assert.deepEqual(ema([], 12), []);
  });

  it("rejects a span below 1", () => {
    assert.throws(() => ema([1], 0.5), RangeError);
    assert.throws(() => ema([1], Number.NaN), RangeError);
  });
});

/**
 * An independent, deliberately plain MACD: its own EMA loop (weights written the other way
 * round), and filtering by looking dates up in a map rather than comparing strings.
 */
function referenceMacd(bars: readonly OhlcBar[], start?: string, end?: string): MacdRow[] {
  const emaOf = (xs: number[], span: number): number[] => {
    const k = 2 / (span + 1);
    const out: number[] = [];
    for (const x of xs) out.push(out.length === 0 ? x : k * x + (1 - k) * out[out.length - 1]!);
    return out;
  };
  const closes = bars.map((b) => b.close);
  const e12 = emaOf(closes, 12);
  const e26 = emaOf(closes, 26);
  const macd = closes.map((_, i) => e12[i]! - e26[i]!);
  const signal = emaOf(macd, 9);
  const t = (d: string): number => Date.parse(`${d}T00:00:00Z`);
  return bars
    .map((b, i) => ({ ...b, macd: macd[i]!, signal: signal[i]!, histogram: macd[i]! - signal[i]! }))
    .filter((r) => (start === undefined || t(r.date) >= t(start)) && (end === undefined || t(r.date) <= t(end)));
}

function assertRowsClose(actual: MacdRow[], expected: MacdRow[]): void {
  assert.equal(actual.length, expected.length);
  actual.forEach((row, i) => {
    const want = expected[i]!;
    assert.equal(row.date, want.date);
    assert.deepEqual([row.open, row.high, row.low, row.close], [want.open, want.high, want.low, want.close]);
    // Different operation order changes the last bits only; values are O(1), so 1e-12 absolute.
    for (const key of ["macd", "signal", "histogram"] as const) {
      assert.ok(Math.abs(row[key] - want[key]) <= 1e-12, `${row.date} ${key}: ${row[key]} vs ${want[key]}`);
    }
  });
}

describe("computeMacd on the shipped series", async () => {
  const bars = await loadOhlc();

  it("matches an independent recomputation over the whole series", () => {
    assertRowsClose(computeMacd(bars, {}), referenceMacd(bars));
  });

  it("computes over the full series, then filters inclusively", () => {
    const range = parseDateRange("2023-03-01", "2023-03-31");
    const rows = computeMacd(bars, range);
    assert.equal(rows[0]?.date, "2023-03-01");
    assert.equal(rows.at(-1)?.date, "2023-03-31");
    assertRowsClose(rows, referenceMacd(bars, "2023-03-01", "2023-03-31"));
    // Same numbers as the unfiltered run: the EMAs were not restarted at the range's start.
    const full = new Map(computeMacd(bars).map((r) => [r.date, r]));
    for (const r of rows) assert.deepEqual(r, full.get(r.date));
  });

  it("handles open-ended and empty ranges", () => {
    assert.equal(computeMacd(bars, parseDateRange("2024-12-30", "")).length, 2);
    assert.equal(computeMacd(bars, parseDateRange("", "2022-01-04")).length, 2);
    assert.deepEqual(computeMacd(bars, parseDateRange("2023-01-07", "2023-01-08")), []); // a weekend
    assert.deepEqual(computeMacd(bars, parseDateRange("2025-01-01", "")), []);
    assert.deepEqual(computeMacd([], {}), []);
  });

  it("agrees with pandas", () => {
    // Produced with pandas 3.1.1, run from the repository root (a three-line program):
    //   .venv/bin/python -c "import pandas as pd; df = pd.read_csv('packages/server/data/ohlc-synthetic.csv')
    //   c = df['close']; m = c.ewm(span=12, adjust=False).mean() - c.ewm(span=26, adjust=False).mean()
    //   s = m.ewm(span=9, adjust=False).mean(); df['m'], df['s'], df['h'] = m, s, m - s
    //   [print(r.date, repr(r.m), repr(r.s), repr(r.h)) for r in df.iloc[[1, 30, 400, -1]].itertuples()]"
    const pandas: Record<string, [macd: number, signal: number, histogram: number]> = {
      "2022-01-04": [-0.04227920227920379, -0.008455840455840758, -0.03382336182336303],
      "2022-02-14": [-3.375784809634524, -3.4802113997093027, 0.1044265900747785],
      "2023-07-17": [-1.5340800428962496, -1.5790731719500881, 0.044993129053838565],
      "2024-12-31": [-2.467309073925435, -1.953977707776691, -0.5133313661487438],
    };
    const byDate = new Map(computeMacd(bars).map((r) => [r.date, r]));
    for (const [date, [macd, signal, histogram]] of Object.entries(pandas)) {
      const row = byDate.get(date);
      assert.ok(row, `no row for ${date}`);
      close(row.macd, macd, 1e-9, `${date} macd`);
      close(row.signal, signal, 1e-9, `${date} signal`);
      close(row.histogram, histogram, 1e-9, `${date} histogram`);
    }
    // The first day has no history: every EMA equals the close, so all three are exactly 0.
    const first = byDate.get("2022-01-03");
    assert.deepEqual([first?.macd, first?.signal, first?.histogram], [0, 0, 0]);
  });
});
