import type { CaseRun } from "./outcome.js";
import { tsClassicClientCases } from "./ts-classic-client-cases.js";

/**
 * Runs the classic client's cases (grpc-tools-style stubs, ts-classic-client-cases.ts) against `target`, one
 * after another, each bounded to 30 s. Each case opens and closes its own generated clients, as grpc-node's
 * examples do.
 */
export async function runTsClassicClient(target: string, cases: readonly string[]): Promise<CaseRun[]> {
  const runs: CaseRun[] = [];
  for (const name of cases) {
    const run = tsClassicClientCases[name];
    const started = performance.now();
    if (run === undefined) {
      runs.push({ case: name, error: "the classic TypeScript client does not implement this case", ms: 0 });
      continue;
    }
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error("timed out after 30 s")), 30_000)));
      const outcome = await Promise.race([run({ target, tag: "ts-classic" }), timeout]);
      runs.push({ case: name, outcome, ms: performance.now() - started });
    } catch (e) {
      runs.push({ case: name, error: (e as Error).message, ms: performance.now() - started });
    } finally {
      clearTimeout(timer);
    }
  }
  return runs;
}
