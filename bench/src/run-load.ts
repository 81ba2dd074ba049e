import { runProcess } from "@polyrpc/devkit";

/** One measured run as the Go load client reports it. */
export interface LoadRun {
  value: number;
  p50_ms?: number;
  p99_ms?: number;
  /** A download cut at the time limit: the rate is of the bytes that came by then. */
  truncated?: boolean;
  count: number;
  seconds: number;
}

/** How long each phase of a load run lasts. */
export interface LoadTiming {
  /** Measured runs per call of the load client. */
  runs: number;
  warmupMs: number;
  /** Length of one unary or ping-pong run. */
  durationMs: number;
  /** Longest one download may take; a slower server is stopped there and its rate is what it reached. */
  downloadLimitMs: number;
}

/** The load client's time limit for one call: every phase's bound plus a margin for start-up. */
export function loadTimeoutMs(t: LoadTiming): number {
  return t.warmupMs + t.runs * Math.max(t.durationMs, t.downloadLimitMs) + t.downloadLimitMs + 30_000;
}

/** What one call of the load client measured. */
export interface LoadResult {
  runs: LoadRun[];
  /** Calls, round trips or bytes of the warm-up and every run: all the work the server did. */
  totalCount: number;
}

/**
 * Runs the Go load client once against `target` and returns its runs. Rejects with the client's error
 * output when it fails, and kills it (by pid) at {@link loadTimeoutMs}.
 */
export async function runLoad(load: string, target: string, args: readonly string[], timing: LoadTiming): Promise<LoadResult> {
  const timeoutMs = loadTimeoutMs(timing);
  const result = await runProcess(
    load,
    [
      "-target",
      target,
      ...args,
      "-runs",
      String(timing.runs),
      "-warmup",
      `${timing.warmupMs}ms`,
      "-duration",
      `${timing.durationMs}ms`,
      "-timeout",
      `${timing.downloadLimitMs}ms`,
    ],
    { timeoutMs },
  );
  if (result.timedOut) throw new Error(`the load client did not finish within ${timeoutMs} ms and was killed`);
  if (result.code !== 0) throw new Error(`the load client failed (exit ${result.code ?? result.signal}): ${result.stderr.trim()}`);
  const report = JSON.parse(result.stdout) as { runs?: LoadRun[]; warmup?: LoadRun };
  if (!Array.isArray(report.runs) || report.runs.length !== timing.runs) {
    throw new Error(`the load client reported ${report.runs?.length ?? "no"} runs, expected ${timing.runs}: ${result.stdout.trim()}`);
  }
  const totalCount = report.runs.reduce((sum, r) => sum + r.count, report.warmup?.count ?? 0);
  return { runs: report.runs, totalCount };
}
