/**
 * Limits every bench server applies to a Download (see bench/proto/polyrpc/bench/v1/bench.proto). The default
 * chunk size is polyrpc's IndicatorGraph default (GRAPH_REQUEST_DEFAULTS of @polyrpc/server; a test
 * keeps the two equal), so "polyrpc's default chunk size" means one thing. Not imported from there: the
 * bench's polyrpc server would then load the chart renderer too, and a bigger heap costs GC time.
 */
export const BENCH_LIMITS = Object.freeze({
  defaultChunkSize: 65536,
  maxChunkSize: 4_000_000,
  maxTotalSize: 2 ** 32,
});

/** The chunk size of a Download request: 0 means the default; anything outside 1..max is an error message. */
export function downloadChunkSize(totalSize: bigint, chunkSize: number): number | string {
  if (totalSize > BigInt(BENCH_LIMITS.maxTotalSize)) {
    return `invalid total_size: ${totalSize} is outside 0..${BENCH_LIMITS.maxTotalSize}`;
  }
  const size = chunkSize === 0 ? BENCH_LIMITS.defaultChunkSize : chunkSize;
  if (size > BENCH_LIMITS.maxChunkSize) return `invalid chunk_size: ${size} is outside 1..${BENCH_LIMITS.maxChunkSize}`;
  return size;
}
