// Running a command to its end with a bounded wait: every process started here is killed by its pid when
// its time is up, and never outlives the limit.
import { spawn } from "node:child_process";
import { killProcess } from "./stop-process.mjs";
import { TailBuffer } from "./tail-buffer.mjs";

/**
 * What a finished (or killed) process left.
 * @typedef {object} ProcessResult
 * @property {number | null} code exit code; null when it was ended by a signal
 * @property {NodeJS.Signals | null} signal
 * @property {boolean} timedOut true when it ran past its time limit and was killed
 * @property {string} stdout the last `outputLimit` characters of its stdout
 * @property {string} stderr the last `outputLimit` characters of its stderr
 * @property {number} ms how long it ran
 */

/**
 * How to run it.
 * @typedef {object} RunOptions
 * @property {string} [cwd]
 * @property {NodeJS.ProcessEnv} [env]
 * @property {number} [timeoutMs] killed (SIGKILL) after this long; default 5 minutes
 * @property {boolean} [processGroup] start it in its own process group and kill the whole group on timeout:
 *   for tools such as `go install` that start helper processes of their own
 * @property {number} [outputLimit] characters of each stream kept (the last ones); default 16 KiB,
 *   `Infinity` keeps all
 */

/**
 * Runs a command to its end, or kills it at `timeoutMs`, without blocking the event loop. Never rejects for a
 * non-zero exit; rejects when the command cannot be started.
 * @param {string} command
 * @param {readonly string[]} args
 * @param {RunOptions} [options]
 * @returns {Promise<ProcessResult>}
 */
export function runProcess(command, args, options = {}) {
  const { timeoutMs = 300_000, outputLimit = 16 * 1024 } = options;
  const started = performance.now();
  return new Promise((resolve, reject) => {
    /** @type {import("node:child_process").ChildProcess} */
    let child;
    try {
      child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ["ignore", "pipe", "pipe"], detached: options.processGroup === true });
    } catch (error) {
      reject(error);
      return;
    }
    const stdout = new TailBuffer(outputLimit);
    const stderr = new TailBuffer(outputLimit);
    child.stdout?.on("data", (chunk) => stdout.append(chunk));
    child.stderr?.on("data", (chunk) => stderr.append(chunk));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killProcess(child, "SIGKILL", options.processGroup === true);
    }, timeoutMs);
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(new Error(`cannot run ${command}: ${error.message}`, { cause: error }));
    });
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, timedOut, stdout: stdout.toString(), stderr: stderr.toString(), ms: performance.now() - started });
    });
  });
}

/**
 * Like {@link runProcess}, but rejects with the command's output when it exits non-zero or is killed.
 * @param {string} command
 * @param {readonly string[]} args
 * @param {RunOptions} [options]
 * @returns {Promise<ProcessResult>}
 */
export async function runOk(command, args, options = {}) {
  const result = await runProcess(command, args, options);
  if (result.code !== 0) {
    const why = result.timedOut ? `was killed after ${options.timeoutMs ?? 300_000} ms` : `exited ${result.code ?? result.signal}`;
    throw new Error(`${command} ${args.join(" ")} ${why}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`);
  }
  return result;
}
