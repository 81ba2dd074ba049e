import type { DateRange } from "./date-range.js";
import type { OhlcBar } from "./ohlc.js";

/** Standard MACD parameters, the ones the Python server uses. */
const FAST_SPAN = 12;
const SLOW_SPAN = 26;
const SIGNAL_SPAN = 9;

/** One day of the Indicator response: the bar plus its MACD values. */
export interface MacdRow {
  /** Trading day, `YYYY-MM-DD`. */
  readonly date: string;
  /** Opening price. */
  readonly open: number;
  /** Closing price. */
  readonly close: number;
  /** Highest price of the day. */
  readonly high: number;
  /** Lowest price of the day. */
  readonly low: number;
  /** EMA(12) − EMA(26) of the close. */
  readonly macd: number;
  /** EMA(9) of {@link MacdRow.macd}. */
  readonly signal: number;
  /** {@link MacdRow.macd} − {@link MacdRow.signal}. */
  readonly histogram: number;
}

/**
 * Exponential moving average, exactly as pandas `Series.ewm(span, adjust=False).mean()`:
 * `y[0] = x[0]`, `y[t] = (1 − a)·y[t−1] + a·x[t]` with `a = 2 / (span + 1)`.
 *
 * The operations and their order are kept as written because the TypeScript and Python servers
 * must return the same numbers; on the shipped series this matches pandas bit for bit.
 *
 * @param values - The input series, oldest first.
 * @param span - The EMA span, at least 1 (pandas rejects smaller spans too).
 * @returns A new array of the same length; empty for empty input.
 * @throws RangeError when `span` is not a finite number ≥ 1.
 */
export function ema(values: readonly number[], span: number): number[] {
  if (!Number.isFinite(span) || span < 1) throw new RangeError(`ema span must be >= 1, got ${span}`);
  const alpha = 2 / (span + 1);
  const out = new Array<number>(values.length);
  let y = 0;
  for (let t = 0; t < values.length; t++) {
    const x = values[t] as number;
    y = t === 0 ? x : (1 - alpha) * y + alpha * x;
    out[t] = y;
  }
  return out;
}

/**
 * Computes MACD(12, 26, 9) for a price series and keeps the rows inside `range`.
 *
 * The EMAs run over the FULL series before filtering, as the Python server does: an EMA started
 * at the range's first day would give different values, so both servers would disagree.
 *
 * @param series - The bars, oldest first (as `loadOhlc` returns them).
 * @param range - Inclusive bounds from `parseDateRange`; a missing bound is unbounded.
 * @returns The rows with `range.start <= date <= range.end`, oldest first.
 */
export function computeMacd(series: readonly OhlcBar[], range: DateRange = {}): MacdRow[] {
  const closes = series.map((bar) => bar.close);
  const fast = ema(closes, FAST_SPAN);
  const slow = ema(closes, SLOW_SPAN);
  const macd = fast.map((f, i) => f - (slow[i] as number));
  const signal = ema(macd, SIGNAL_SPAN);

  const rows: MacdRow[] = [];
  series.forEach((bar, i) => {
    // ISO dates order correctly as strings, so no Date objects (and no time-zone surprises).
    if (range.start !== undefined && bar.date < range.start) return;
    if (range.end !== undefined && bar.date > range.end) return;
    const m = macd[i] as number;
    const s = signal[i] as number;
    rows.push({
      date: bar.date,
      open: bar.open,
      close: bar.close,
      high: bar.high,
      low: bar.low,
      macd: m,
      signal: s,
      histogram: m - s,
    });
  });
  return rows;
}
