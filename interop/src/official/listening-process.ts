// A server in a child process that says which port it bound: started, waited for (bounded), and always
// killed by pid, also when this process exits without stopping it.
import { spawn } from "node:child_process";
import { stopProcess, TailBuffer, waitForPort } from "./processes.js";

/** A running server process. */
export interface ListeningProcess {
  pid: number;
  port: number;
  /** `127.0.0.1:<port>`. */
  target: string;
  /** The last of its output, for error messages. */
  log(): string;
  /** Stops it by pid (SIGTERM, then SIGKILL), bounded. */
  stop(): Promise<void>;
}

/** How to start one. */
export interface ListeningOptions {
  /** Names it in error messages ("grpc-go interop server"). */
  label: string;
  /** Matches its output (stdout or stderr) once it listens; group 1 is the port. */
  portPattern: RegExp;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** How long it may take to print its port, and then to accept connections on 127.0.0.1. */
  timeoutMs: number;
}

/**
 * Starts `command args`, reads its port from its output, waits until 127.0.0.1:<port> accepts
 * connections, and returns it. Rejects (the process killed) when it exits first, cannot start, or is not
 * there within `timeoutMs`.
 */
export async function startListening(command: string, args: readonly string[], options: ListeningOptions): Promise<ListeningProcess> {
  const { label, timeoutMs } = options;
  const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
  const output = new TailBuffer(32 * 1024);
  // Should this process exit without stopping the server, the server goes with it.
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
      const onData = (chunk: Buffer) => {
        output.append(chunk);
        if (seen.length < 64 * 1024) seen += chunk.toString();
        const match = options.portPattern.exec(seen);
        if (match?.[1] !== undefined) resolve(Number(match[1]));
      };
      child.stdout.on("data", onData);
      child.stderr.on("data", onData);
      child.once("error", (error) => reject(new Error(`cannot start ${label} ${command}: ${error.message}`)));
      child.once("exit", (code, signal) => reject(new Error(`${label} exited (${code ?? signal}) before it listened:\n${output.toString().trim()}`)));
      setTimeout(() => reject(new Error(`${label} did not report its port within ${timeoutMs} ms:\n${output.toString().trim()}`)), timeoutMs).unref();
    });
    await waitForPort("127.0.0.1", port, timeoutMs);
    started = true;
    return { pid: child.pid ?? -1, port, target: `127.0.0.1:${port}`, log: () => output.toString(), stop: () => stopProcess(child) };
  } finally {
    if (!started) await stopProcess(child, 0); // SIGKILL at once, bounded wait for the exit.
  }
}
