// A long-running child process whose output lines are watched as they come: started, waited on for a line
// (bounded), and stopped by its pid.
import { spawn } from "node:child_process";
import { killProcess, stopProcess } from "./stop-process.mjs";
import { TailBuffer } from "./tail-buffer.mjs";

/**
 * How to start it.
 * @typedef {object} StartOptions
 * @property {string} [cwd]
 * @property {NodeJS.ProcessEnv} [env]
 * @property {string} [label] names it in error messages; default the command line
 * @property {"stdout" | "both"} [lineStreams] the streams {@link RunningProcess.waitForLine} reads; default stdout
 * @property {"pipe" | "inherit"} [stderr] "inherit" passes its stderr through to this process's (and then it
 *   is neither kept nor watched); default "pipe"
 * @property {boolean} [detached] its own process group, so {@link RunningProcess.kill} can end every process
 *   it started (a shell and its job)
 * @property {number} [lifetimeMs] SIGKILL after this long at the latest, so a hung process cannot hold a test
 *   run; default none
 * @property {number} [lineLimit] stdout lines kept in {@link RunningProcess.lines} (the last ones); default all
 */

/**
 * A line {@link RunningProcess.waitForLine} found.
 * @typedef {object} FoundLine
 * @property {string} line
 * @property {RegExpExecArray} match
 * @property {number} at when it arrived (performance.now())
 */

/**
 * Why {@link RunningProcess.waitForLine} rejected: the process ended without the line, or the time ran out.
 * @typedef {Error & { reason: "ended" | "timeout", code: number | null, startError: Error | undefined }} WaitError
 */

/**
 * A child process and what it printed.
 * @typedef {object} RunningProcess
 * @property {number} pid
 * @property {import("node:child_process").ChildProcess} child
 * @property {string[]} lines every complete stdout line so far
 * @property {() => string} output the last 64 KiB it printed, stdout and stderr interleaved
 * @property {() => string} stderr the last 4 KiB of its stderr
 * @property {(pattern: RegExp, timeoutMs?: number) => Promise<FoundLine>} waitForLine resolves with the first
 *   complete line (already printed or still to come) of the watched streams that matches `pattern`; rejects
 *   (a {@link WaitError}) after `timeoutMs` (default 30 s) or when the process ends without it
 * @property {Promise<number | null>} exited resolves with its exit code (null after a signal) once it has
 *   exited and its output is read
 * @property {(signal?: NodeJS.Signals) => void} kill sends `signal` (default SIGKILL) by pid, to its whole
 *   process group when started `detached`, if it still runs
 * @property {(graceMs?: number) => Promise<void>} stop SIGTERM, SIGKILL after `graceMs` (default 3 s),
 *   bounded wait for the exit
 */

/**
 * Starts `command args` with its output piped and watched line by line.
 * @param {string} command
 * @param {readonly string[]} args
 * @param {StartOptions} [options]
 * @returns {RunningProcess}
 */
export function startProcess(command, args, options = {}) {
  const label = options.label ?? [command, ...args].join(" ");
  const detached = options.detached === true;
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    detached,
    stdio: ["ignore", "pipe", options.stderr === "inherit" ? "inherit" : "pipe"],
  });
  /** @type {string[]} */
  const lines = [];
  /** @type {{ line: string, at: number }[]} */
  const watched = [];
  /** @type {Set<() => void>} */
  const watchers = new Set();
  const output = new TailBuffer(64 * 1024);
  const stderr = new TailBuffer(4000);
  const lineLimit = options.lineLimit ?? Infinity;
  /** @type {Error | undefined} */
  let startError;
  let ended = false;
  /** @type {number | null} */
  let exitCode = null;

  /**
   * Splits a stream into lines; `onLine` gets each complete one.
   * @param {import("node:stream").Readable} stream
   * @param {(line: string, at: number) => void} onLine
   */
  const readLines = (stream, onLine) => {
    let partial = "";
    stream.on("data", (chunk) => {
      const at = performance.now();
      output.append(chunk);
      partial += chunk.toString();
      const parts = partial.split("\n");
      partial = parts.pop() ?? "";
      for (const line of parts) onLine(line, at);
      for (const watch of watchers) watch();
    });
  };
  const watchStderr = options.lineStreams === "both";
  readLines(/** @type {import("node:stream").Readable} */ (child.stdout), (line, at) => {
    lines.push(line);
    if (lines.length > lineLimit) lines.shift();
    watched.push({ line, at });
    if (watched.length > lineLimit) watched.shift();
  });
  if (child.stderr !== null) {
    child.stderr.on("data", (chunk) => stderr.append(chunk));
    readLines(child.stderr, (line, at) => {
      if (watchStderr) watched.push({ line, at });
    });
  }
  const lifetime = options.lifetimeMs === undefined ? undefined : setTimeout(() => killProcess(child, "SIGKILL", detached), options.lifetimeMs);
  lifetime?.unref();
  /** @type {Promise<number | null>} */
  const exited = new Promise((resolve) => {
    const end = () => {
      if (ended) return;
      ended = true;
      clearTimeout(lifetime);
      for (const watch of watchers) watch();
      resolve(exitCode);
    };
    child.once("error", (error) => {
      startError = error;
      end();
    });
    child.once("close", (code, signal) => {
      exitCode = code;
      if (code === null && signal !== null) exitCode = null;
      end();
    });
  });

  return {
    pid: child.pid ?? -1,
    child,
    lines,
    output: () => output.toString(),
    stderr: () => stderr.toString(),
    exited,
    kill(signal = "SIGKILL") {
      killProcess(child, signal, detached);
    },
    stop(graceMs = 3000) {
      return stopProcess(child, graceMs);
    },
    waitForLine(pattern, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        /**
         * @param {"ended" | "timeout"} reason
         * @param {string} message
         */
        const fail = (reason, message) =>
          reject(
            Object.assign(new Error(`${message}; stdout: ${lines.join(" | ")}; stderr: ${stderr.toString().trim()}`), { reason, code: exitCode, startError }),
          );
        /** @param {() => void} settle */
        const done = (settle) => {
          clearTimeout(timer);
          watchers.delete(check);
          settle();
        };
        const check = () => {
          for (const { line, at } of watched) {
            const match = pattern.exec(line);
            if (match !== null) return done(() => resolve({ line, match, at }));
          }
          if (startError !== undefined) return done(() => fail("ended", `cannot start ${label}: ${startError?.message}`));
          if (ended) return done(() => fail("ended", `${label} ended (exit ${exitCode ?? child.signalCode}) without printing ${pattern}`));
        };
        const timer = setTimeout(() => done(() => fail("timeout", `${label}: no line matching ${pattern} within ${timeoutMs} ms`)), timeoutMs);
        watchers.add(check);
        check();
      });
    },
  };
}
