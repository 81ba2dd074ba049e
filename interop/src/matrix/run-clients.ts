import { join } from "node:path";
import { repoRoot, runProcess } from "@polyrpc/devkit";
import type { CaseRun } from "./outcome.js";
import { openChannel, tsClientCases } from "./ts-client-cases.js";

/** Runs the TypeScript client's cases against `target`, one after another, each bounded to 30 s. */
export async function runTsClient(target: string, cases: readonly string[]): Promise<CaseRun[]> {
  const channel = openChannel(target);
  const runs: CaseRun[] = [];
  try {
    for (const name of cases) {
      const run = tsClientCases[name];
      const started = performance.now();
      if (run === undefined) {
        runs.push({ case: name, error: "the TypeScript client does not implement this case", ms: 0 });
        continue;
      }
      let timer: NodeJS.Timeout | undefined;
      try {
        const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error("timed out after 30 s")), 30_000)));
        const outcome = await Promise.race([run({ channel, tag: "ts" }), timeout]);
        runs.push({ case: name, outcome, ms: performance.now() - started });
      } catch (e) {
        runs.push({ case: name, error: (e as Error).message, ms: performance.now() - started });
      } finally {
        clearTimeout(timer);
      }
    }
  } finally {
    channel.close();
  }
  return runs;
}

/**
 * Runs a Python client against `target` in one process, bounded to 3 minutes, and reads its JSON lines:
 * polyrpc_interop.matrix_client on grpcio ("py"), or polyrpc_interop.aio_matrix_client on grpc.aio
 * ("py-aio"). A case it did not report comes back as an error run.
 */
export async function runPyClient(target: string, cases: readonly string[], client: "py" | "py-aio" = "py"): Promise<CaseRun[]> {
  const module = client === "py" ? "polyrpc_interop.matrix_client" : "polyrpc_interop.aio_matrix_client";
  const args = ["-m", module, "--target", target, "--tag", client, ...cases.flatMap((c) => ["--case", c])];
  let stdout = "";
  let stderr = "";
  let why: string;
  try {
    // Every line of stdout is a result, so all of it is kept; of stderr only the last line is reported.
    const result = await runProcess(join(repoRoot, ".venv/bin/python"), args, { cwd: repoRoot, timeoutMs: 180_000, outputLimit: Infinity });
    ({ stdout, stderr } = result);
    why = result.timedOut ? "killed after 3 minutes" : `exit code ${result.code}`;
  } catch (e) {
    why = `cannot start: ${((e as Error).cause as Error | undefined)?.message ?? (e as Error).message}`;
  }
  const runs = new Map<string, CaseRun>();
  for (const line of stdout.split("\n")) {
    if (line.trim() === "") continue;
    try {
      const run = JSON.parse(line) as CaseRun;
      runs.set(run.case, run);
    } catch {
      // Not a result line (a stray print); ignored.
    }
  }
  return cases.map(
    (c) =>
      runs.get(c) ?? {
        case: c,
        error: `the Python client reported nothing for this case (${why})${stderr ? `: ${stderr.trim().split("\n").at(-1)}` : ""}`,
        ms: 0,
      },
  );
}
