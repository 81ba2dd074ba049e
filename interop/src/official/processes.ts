// Child processes with bounded waits: every process started here is killed by its pid when its time
// is up, and every wait has a limit.
import { spawn, type ChildProcess } from "node:child_process";
import { connect } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";

/** What a finished (or killed) process left. */
export interface ProcessResult {
  /** Exit code; null when it was ended by a signal. */
  code: number | null;
  signal: NodeJS.Signals | null;
  /** True when it ran past its time limit and was killed. */
  timedOut: boolean;
  /** The last bytes of its output (see {@link TailBuffer}). */
  stdout: string;
  stderr: string;
  ms: number;
}

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Killed (SIGKILL) after this long. */
  timeoutMs: number;
  /**
   * Start it in its own process group and kill the whole group on timeout: for tools such as
   * `go install` that start helper processes of their own.
   */
  processGroup?: boolean;
}

/** Keeps the last `limit` characters of a stream. */
export class TailBuffer {
  private text = "";
  constructor(private readonly limit = 16 * 1024) {}
  append(chunk: Buffer | string): void {
    this.text += chunk.toString();
    if (this.text.length > this.limit * 2) this.text = this.text.slice(-this.limit);
  }
  toString(): string {
    return this.text.slice(-this.limit);
  }
}

/** Runs a command to its end, or kills it at `timeoutMs`. Never rejects for a non-zero exit. */
export function runProcess(command: string, args: readonly string[], options: RunOptions): Promise<ProcessResult> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    let child: ChildProcess;
    try {
      child = spawn(command, args, {
        cwd: options.cwd,
        env: options.env,
        stdio: ["ignore", "pipe", "pipe"],
        detached: options.processGroup === true,
      });
    } catch (error) {
      reject(error);
      return;
    }
    const stdout = new TailBuffer();
    const stderr = new TailBuffer();
    child.stdout?.on("data", (chunk: Buffer) => stdout.append(chunk));
    child.stderr?.on("data", (chunk: Buffer) => stderr.append(chunk));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killProcess(child, "SIGKILL", options.processGroup === true);
    }, options.timeoutMs);
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, timedOut, stdout: stdout.toString(), stderr: stderr.toString(), ms: performance.now() - started });
    });
  });
}

/** Sends `signal` to the child (or its process group) by pid; ignores a process that is already gone. */
export function killProcess(child: ChildProcess, signal: NodeJS.Signals, processGroup = false): void {
  if (child.pid === undefined || hasExited(child)) return;
  try {
    if (processGroup) process.kill(-child.pid, signal);
    else process.kill(child.pid, signal);
  } catch {
    // Already exited.
  }
}

/** Stops a child: SIGTERM, then SIGKILL if it is still there after `graceMs`; waits (bounded) for it to exit. */
export async function stopProcess(child: ChildProcess, graceMs = 3000): Promise<void> {
  if (child.pid === undefined || hasExited(child)) return; // Never started, or already gone.
  const exited = exitOf(child);
  if (graceMs > 0) {
    killProcess(child, "SIGTERM");
    if (await within(exited, graceMs)) return;
  }
  killProcess(child, "SIGKILL");
  await within(exited, 2000);
}

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** Resolves when the child has exited (at once if it already has). */
function exitOf(child: ChildProcess): Promise<void> {
  if (hasExited(child)) return Promise.resolve();
  return new Promise<void>((resolve) => child.once("exit", () => resolve()));
}

/** Waits until a TCP connection to host:port succeeds, for at most `timeoutMs`. */
export async function waitForPort(host: string, port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      await new Promise<void>((resolve, reject) => {
        const socket = connect({ host, port });
        const timer = setTimeout(() => socket.destroy(new Error("connect timed out")), 1000);
        socket.once("connect", () => {
          clearTimeout(timer);
          socket.end();
          resolve();
        });
        socket.once("error", (error) => {
          clearTimeout(timer);
          reject(error);
        });
      });
      return;
    } catch (error) {
      lastError = error;
      await sleep(50);
    }
  }
  throw new Error(`nothing accepted connections on ${host}:${port} within ${timeoutMs} ms (last error: ${String(lastError)})`);
}

/** Resolves true when `promise` settles within `ms`, false otherwise. */
export async function within(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([promise.then(() => true, () => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
