import { spawn } from "node:child_process";

/** What a finished child process left behind. */
export interface ProcessResult {
  /** Exit code; null if the process was ended by a signal (see `timedOut`). */
  code: number | null;
  stdout: string;
  stderr: string;
  /** True when it ran past `timeoutMs` and was killed. */
  timedOut: boolean;
}

/** How {@link runProcess} runs a command. */
export interface RunProcessOptions {
  cwd?: string;
  /** The environment; default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Written to its stdin, which is then closed; without it stdin is not connected. */
  input?: string;
  /** Killed (SIGKILL, by its pid) after this many milliseconds; default: no limit. */
  timeoutMs?: number;
}

/**
 * Runs a command to completion and collects its output: how the polyrpc commands run the tools they drive
 * (buf, protoc, Python). Rejects only when the command cannot be started at all (ENOENT and the like); a
 * non-zero exit, or a kill at `timeoutMs`, is returned as a result for the caller to interpret.
 */
export function runProcess(command: string, args: readonly string[], options: RunProcessOptions = {}): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: [options.input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout?.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr?.on("data", (chunk: Buffer) => stderr.push(chunk));
    let timedOut = false;
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            child.kill("SIGKILL");
          }, options.timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    if (child.stdin !== null) {
      // A process that exits without reading its input closes the pipe; its exit status says why.
      child.stdin.on("error", () => {});
      child.stdin.end(options.input);
    }
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: Buffer.concat(stdout).toString("utf8"), stderr: Buffer.concat(stderr).toString("utf8"), timedOut });
    });
  });
}
