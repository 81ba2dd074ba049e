import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

/** The repository root, from interop/{src,dist}/matrix/. */
export const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));

/** A seed server (or the TypeScript fidelity server) in a child process, with what it printed. */
export interface ServerProcess {
  impl: ServerImpl | "ts-fidelity";
  target: string;
  pid: number;
  /** Every stdout line so far. */
  lines: string[];
  /** Stops it by pid: SIGTERM, then SIGKILL after 5 s; resolves when it exited. */
  stop(): Promise<void>;
}

/** The seed servers: TypeScript, Python on grpcio (serve_all), Python on grpc.aio (serve_all_aio). */
export type ServerImpl = "ts" | "py" | "py-aio";

/** How to start each implementation; all print `listening on <host>:<port>` when ready. */
function command(impl: ServerImpl | "ts-fidelity", extraArgs: readonly string[]): [string, string[]] {
  // The fidelity service is test-only, so the published polyrpc-server cannot serve it: the TypeScript side
  // of the fidelity cases is a server of its own (the Python servers serve it beside the seed services).
  if (impl === "ts-fidelity") return [process.execPath, [`${repoRoot}interop/dist/fidelity/serve-fidelity.js`, "--host", "127.0.0.1", "--port", "0", ...extraArgs]];
  // Both CLIs let a later option win, so extraArgs may override these (a fixed --port for a restart).
  const common = ["--host", "127.0.0.1", "--port", "0", "--interop", "--push-interval", "0.2", ...extraArgs];
  if (impl === "ts") return [process.execPath, [`${repoRoot}packages/server/bin/polyrpc-server.js`, ...common]];
  return [`${repoRoot}.venv/bin/python`, ["-m", impl === "py" ? "polyrpc_interop.serve_all" : "polyrpc_interop.serve_all_aio", ...common]];
}

/**
 * Starts the TypeScript or Python seed server on 127.0.0.1, port 0, in interop mode, and resolves once it
 * printed its address (within 30 s, or it is killed and this rejects with its stderr). `extraArgs` go to
 * both servers alike (they share --tls-cert, --tls-key, --tls-ca, --auth-token-file and --config), after
 * the defaults, so they may override them (`["--port", "50123"]` restarts on the same port); a few are
 * one server's own (`--max-workers` of the grpcio Python server, `--faults` of both Python servers).
 * `ts-fidelity` is the TypeScript fidelity server (src/fidelity/serve-fidelity.ts), which takes only --host
 * and --port.
 */
export function startServerProcess(impl: ServerImpl | "ts-fidelity", extraArgs: readonly string[] = []): Promise<ServerProcess> {
  const [cmd, args] = command(impl, extraArgs);
  const child = spawn(cmd, args, { cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, PYTHONUNBUFFERED: "1" } });
  const lines: string[] = [];
  let stderr = "";
  let partial = "";
  child.stderr!.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  return new Promise((resolve, reject) => {
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(new Error(`${impl} server: ${why}${stderr ? `; stderr: ${stderr.trim()}` : ""}`));
    };
    const timer = setTimeout(() => fail("did not print its address within 30 s"), 30_000);
    child.on("error", (e) => fail(`cannot start ${cmd}: ${e.message}`));
    child.on("exit", (code) => fail(`exited with code ${code} before listening`));
    child.stdout!.on("data", (d: Buffer) => {
      partial += d.toString();
      const parts = partial.split("\n");
      partial = parts.pop()!;
      for (const line of parts) {
        lines.push(line);
        const match = /^listening on (.+:\d+)$/.exec(line);
        if (match !== null) {
          clearTimeout(timer);
          child.removeAllListeners("exit");
          resolve({ impl, target: match[1]!, pid: child.pid!, lines, stop: () => stopChild(child) });
        }
      }
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill("SIGKILL"), 5000);
    child.once("exit", () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
