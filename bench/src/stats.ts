/** The summary of several runs of one scenario. */
export interface Summary {
  median: number;
  min: number;
  max: number;
  /** (max - min) / median, in percent: how far apart the runs were. */
  spreadPct: number;
  /** Every run's value, in run order. */
  runs: number[];
}

/** Median, range and spread of `values` (at least one, each finite). */
export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) throw new RangeError("summarize needs at least one value");
  for (const v of values) if (!Number.isFinite(v)) throw new RangeError(`summarize got a non-finite value: ${v}`);
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  const min = sorted[0]!;
  const max = sorted[sorted.length - 1]!;
  return { median, min, max, spreadPct: median === 0 ? 0 : ((max - min) / median) * 100, runs: [...values] };
}

/** The q-quantile (0 ≤ q ≤ 1) of `values` (at least one), interpolating linearly between the sorted values. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) throw new RangeError("quantile needs at least one value");
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile needs 0 <= q <= 1, got ${q}`);
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * q;
  const low = Math.floor(at);
  const high = Math.ceil(at);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (at - low);
}
