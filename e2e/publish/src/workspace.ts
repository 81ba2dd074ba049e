import { runOk as runOkTail, runProcess, type ProcessResult, type RunOptions } from "@polyrpc/devkit";

export { pnpmCommand, publicPackages, repoRoot, userEnv, type PublicPackage } from "@polyrpc/devkit";

/** What a finished command printed, in full. */
export type RunResult = ProcessResult;

/**
 * Runs a command to completion without blocking the event loop (so two installs can overlap), killing it
 * after `timeoutMs` (default 5 minutes). Resolves with its exit code and its whole output; never rejects for
 * a non-zero exit.
 */
export function run(command: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  return runProcess(command, args, { outputLimit: Infinity, ...options });
}

/** Like {@link run}, but rejects with the command's output when it exits non-zero. */
export function runOk(command: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  return runOkTail(command, args, { outputLimit: Infinity, ...options });
}
