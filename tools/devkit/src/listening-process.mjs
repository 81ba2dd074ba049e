// A server in a child process that says where it listens: started, waited for (bounded), and always
// stopped by pid, also when this process exits without stopping it.
import { startProcess } from "./start-process.mjs";
import { waitForPort } from "./wait-for-port.mjs";

/** @type {Set<import("./start-process.mjs").RunningProcess>} */
const running = new Set();
// Should this process exit without stopping a server, the server goes with it: one listener for all of them.
process.on("exit", () => {
  for (const proc of running) proc.kill("SIGKILL");
});

/**
 * A running server process.
 * @typedef {object} ListeningProcess
 * @property {number} pid
 * @property {number} port
 * @property {string} target `<host>:<port>` as it printed it, or `127.0.0.1:<port>` when it printed a port only
 * @property {string[]} lines every complete stdout line so far (a server's log, for tests that read it)
 * @property {() => string} log the last of its output, for error messages
 * @property {() => Promise<void>} stop stops it by pid: SIGTERM, SIGKILL after the grace period, bounded
 */

/**
 * How to start one.
 * @typedef {object} ListeningOptions
 * @property {string} label names it in error messages ("grpc-go interop server")
 * @property {RegExp} portPattern matches the complete output line (stdout or stderr) it prints once it
 *   listens; group 1 is the port, or `<host>:<port>`
 * @property {number} timeoutMs how long it may take to print that line, and then to accept connections
 * @property {NodeJS.ProcessEnv} [env]
 * @property {string} [cwd]
 * @property {number} [graceMs] how long {@link ListeningProcess.stop} waits after SIGTERM; default 3 s
 * @property {boolean} [connect] wait until 127.0.0.1:<port> accepts a TCP connection before resolving;
 *   default true. A server that prints the line only once it accepts connections needs no probe.
 * @property {"pipe" | "inherit"} [stderr] "inherit" passes its stderr through (the port is then read from
 *   stdout only); default "pipe"
 * @property {number} [lineLimit] stdout lines kept; default all
 */

/**
 * Starts `command args`, reads where it listens from its output, optionally waits until it accepts
 * connections, and returns it. Rejects (the process killed) when it exits first, cannot start, or is not
 * there within `timeoutMs`.
 * @param {string} command
 * @param {readonly string[]} args
 * @param {ListeningOptions} options
 * @returns {Promise<ListeningProcess>}
 */
export async function startListening(command, args, options) {
  const { label, timeoutMs } = options;
  const proc = startProcess(command, args, {
    label,
    lineStreams: "both",
    ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
    ...(options.env !== undefined ? { env: options.env } : {}),
    ...(options.stderr !== undefined ? { stderr: options.stderr } : {}),
    ...(options.lineLimit !== undefined ? { lineLimit: options.lineLimit } : {}),
  });
  running.add(proc);
  void proc.exited.then(() => running.delete(proc));
  let started = false;
  try {
    /** @type {string} */
    let where;
    try {
      where = /** @type {string} */ ((await proc.waitForLine(options.portPattern, timeoutMs)).match[1]);
    } catch (e) {
      const error = /** @type {import("./start-process.mjs").WaitError} */ (e);
      if (error.reason === "timeout") throw new Error(`${label} did not report its port within ${timeoutMs} ms:\n${proc.output().trim()}`);
      if (error.startError !== undefined) throw new Error(`cannot start ${label} ${command}: ${error.startError.message}`);
      throw new Error(`${label} exited (${proc.child.exitCode ?? proc.child.signalCode}) before it listened:\n${proc.output().trim()}`);
    }
    const port = Number(where.slice(where.lastIndexOf(":") + 1));
    const target = where.includes(":") ? where : `127.0.0.1:${port}`;
    if (options.connect !== false) await waitForPort("127.0.0.1", port, timeoutMs);
    started = true;
    return { pid: proc.pid, port, target, lines: proc.lines, log: proc.output, stop: () => proc.stop(options.graceMs ?? 3000) };
  } finally {
    if (!started) await proc.stop(0); // SIGKILL at once, bounded wait for the exit.
  }
}
