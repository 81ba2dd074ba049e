import { runOk as runOkAll, runProcess, type ProcessResult, type RunOptions } from "@polyrpc/devkit";

export { pnpmCommand, publicPackages, repoRoot, userEnv, type PublicPackage } from "@polyrpc/devkit";

/** What a finished command printed, in full, and its exit code (null when it was killed). */
export type RunResult = Pick<ProcessResult, "code" | "stdout" | "stderr">;

/** The result as the tests compare it; a kill at the time limit is said in stderr. */
const printed = ({ code, stdout, stderr, timedOut, ms }: ProcessResult): RunResult => ({
  code,
  stdout,
  stderr: timedOut ? `${stderr}\n[killed after ${Math.round(ms)} ms]` : stderr,
});

/**
 * Runs a command to completion without blocking the event loop (so two installs can overlap), killing it
 * after `timeoutMs` (default 5 minutes). Resolves with its exit code and its whole output; never rejects for
 * a non-zero exit.
 */
export function run(command: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  return runProcess(command, args, { outputLimit: Infinity, ...options }).then(printed);
}

/** Like {@link run}, but rejects with the command's output when it exits non-zero. */
export function runOk(command: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  return runOkAll(command, args, { outputLimit: Infinity, ...options }).then(printed);
}
