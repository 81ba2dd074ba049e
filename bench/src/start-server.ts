import { spawn } from "node:child_process";
import { stopProcess, TailBuffer, waitForPort } from "@polyrpc/interop/processes";

/** A server under test, running in its own process. */
export interface RunningServer {
  pid: number;
  /** `127.0.0.1:<port>`. */
  target: string;
  /** The last of its output, for error messages. */
  log(): string;
  /** Stops it by pid (SIGTERM, then SIGKILL), bounded. */
  stop(): Promise<void>;
}

/** How long a server may take to print its port and accept connections (Python and Node start slowly on a loaded machine). */
export const SERVER_START_TIMEOUT_MS = 30_000;

/**
 * Starts `command args` (which listens on 127.0.0.1 port 0 and prints "listening on <port>"), waits,
 * bounded, until the port accepts connections, and returns it. The process is killed by pid if it does
 * not get there, and when this process exits without stopping it.
 */
export async function startServer(
  label: string,
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<RunningServer> {
  const timeoutMs = options.timeoutMs ?? SERVER_START_TIMEOUT_MS;
  const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
  const output = new TailBuffer(32 * 1024);
  const killOnExit = () => {
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(child.pid, "SIGKILL");
      } catch {
        // Already gone.
      }
    }
  };
  process.once("exit", killOnExit);
  child.once("exit", () => process.removeListener("exit", killOnExit));
  let started = false;
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let seen = "";
      child.stdout.on("data", (chunk: Buffer) => {
        output.append(chunk);
        if (seen.length < 64 * 1024) seen += chunk.toString();
        const match = /listening on (\d+)/.exec(seen);
        if (match?.[1] !== undefined) resolve(Number(match[1]));
      });
      child.stderr.on("data", (chunk: Buffer) => output.append(chunk));
      child.once("error", (error) => reject(new Error(`cannot start the ${label} server (${command}): ${error.message}`)));
      child.once("exit", (code, signal) =>
        reject(new Error(`the ${label} server exited (${code ?? signal}) before it listened:\n${output.toString().trim()}`)),
      );
      setTimeout(() => reject(new Error(`the ${label} server did not print its port within ${timeoutMs} ms:\n${output.toString().trim()}`)), timeoutMs).unref();
    });
    await waitForPort("127.0.0.1", port, timeoutMs);
    started = true;
    return { pid: child.pid ?? -1, target: `127.0.0.1:${port}`, log: () => output.toString(), stop: () => stopProcess(child) };
  } finally {
    if (!started) await stopProcess(child, 0);
  }
}
