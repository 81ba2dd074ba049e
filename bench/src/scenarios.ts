import { BENCH_LIMITS } from "./bench-defaults.js";

/** One load shape, the same for every server. */
export interface Scenario {
  /** Stable key in results.json. */
  id: string;
  /** Table row label. */
  label: string;
  /** The figure's unit; every figure is a rate, so higher is better. */
  unit: string;
  /** Unit of the server's CPU time per unit of work. */
  cpuUnit: string;
  /** Whether the load client reports p50/p99 latencies. */
  latency: boolean;
  /** The load client's arguments for this scenario (besides target, runs and timing). */
  args: string[];
  /**
   * An upload, where the client's stack is measured instead of the server's: each TypeScript client of
   * {@link UPLOAD_CLIENTS} (src/clients/upload-client.ts) streams `totalBytes` in `chunkBytes` requests to
   * grpc-go's server, and its figure and CPU are the client's. Not for the Go load client or bench:compare.
   */
  upload?: { totalBytes: number; chunkBytes: number };
}

/** The stacks whose clients the upload scenario measures (the columns of the same name). */
export const UPLOAD_CLIENTS = ["polyrpc", "grpc-js"] as const;
/** The upload's cell for the other columns. */
export const UPLOAD_SKIPPED = "client not measured";

const KiB = 1024;

/**
 * The server's CPU per unit of the scenario's work (its cpuUnit): ms per MiB for downloads, where
 * `totalCount` is bytes; µs per call or round trip otherwise.
 */
export function cpuPerUnit(scenario: Scenario, cpuMs: number, totalCount: number): number {
  return scenario.unit === "MiB/s" ? cpuMs / (totalCount / 2 ** 20) : (cpuMs * 1000) / totalCount;
}

/** Human form of a chunk size: 1 KiB, 64 KiB, 1.5 MiB. */
export function formatBytes(n: number): string {
  if (n >= 1024 * KiB && n % (1024 * KiB) === 0) return `${n / (1024 * KiB)} MiB`;
  if (n >= KiB && n % KiB === 0) return `${n / KiB} KiB`;
  return `${n} B`;
}

/**
 * The scenarios: unary at 1 and 32 calls in flight, a download of `downloadBytes` at 1 KiB,
 * 64 KiB and polyrpc's default chunk size (listed once when the default is one of the others), and a
 * ping-pong on one bidi stream.
 */
export function scenarios(downloadBytes: number, defaultChunkSize: number = BENCH_LIMITS.defaultChunkSize): Scenario[] {
  const chunks = [1 * KiB, 64 * KiB];
  const downloads: Scenario[] = chunks.map((chunk) => ({
    id: `download-${chunk}`,
    label: `stream ${formatBytes(downloadBytes)}, ${formatBytes(chunk)} chunks${chunk === defaultChunkSize ? " (polyrpc default)" : ""}`,
    unit: "MiB/s",
    cpuUnit: "ms CPU/MiB",
    latency: false,
    args: ["-scenario", "download", "-total", String(downloadBytes), "-chunk", String(chunk)],
  }));
  if (!chunks.includes(defaultChunkSize)) {
    downloads.push({
      id: "download-default",
      label: `stream ${formatBytes(downloadBytes)}, polyrpc default chunks (${formatBytes(defaultChunkSize)})`,
      unit: "MiB/s",
      cpuUnit: "ms CPU/MiB",
      latency: false,
      // chunk_size 0: each server's default, which bench.proto fixes to polyrpc's.
      args: ["-scenario", "download", "-total", String(downloadBytes), "-chunk", "0"],
    });
  }
  return [
    { id: "unary-c1", label: "unary, 1 in flight", unit: "RPC/s", cpuUnit: "µs CPU/call", latency: true, args: ["-scenario", "unary", "-concurrency", "1"] },
    { id: "unary-c32", label: "unary, 32 in flight", unit: "RPC/s", cpuUnit: "µs CPU/call", latency: true, args: ["-scenario", "unary", "-concurrency", "32"] },
    ...downloads,
    {
      id: "pingpong",
      label: "bidi ping-pong, one stream",
      unit: "round trips/s",
      cpuUnit: "µs CPU/round trip",
      latency: true,
      args: ["-scenario", "pingpong"],
    },
    {
      id: "upload-1024",
      label: `upload ${formatBytes(downloadBytes)}, 1 KiB chunks, from each TS client to grpc-go`,
      unit: "MiB/s",
      cpuUnit: "ms client CPU/MiB",
      latency: false,
      args: [],
      upload: { totalBytes: downloadBytes, chunkBytes: 1 * KiB },
    },
  ];
}
