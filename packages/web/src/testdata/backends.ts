// The seed servers the gateway tests run behind the gateway: the TypeScript one in-process, the Python
// one (interop/python's serve_all) as a child process, both on 127.0.0.1 port 0.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createServer, type ServiceRegistration } from "@polyrpc/grpc";
import { createSeedServices } from "@polyrpc/server";

/** The repository root, from packages/web/src/testdata/. */
export const repoRoot = fileURLToPath(new URL("../../../../", import.meta.url));
const python = `${repoRoot}.venv/bin/python`;

/** A running backend: its `127.0.0.1:PORT` and how to stop it. */
export interface Backend {
  impl: "ts" | "py";
  target: string;
  stop(): Promise<void>;
}

/** The seed services from TypeScript, or `services` of a test's own, in this process. */
export async function startTsBackend(services?: ServiceRegistration[]): Promise<Backend> {
  const server = createServer({ services: services ?? (await createSeedServices({ pushIntervalMs: 50, log: () => {} })), logger: { error() {} }, shutdownGraceMs: 0 });
  const { port } = await server.listen(0, "127.0.0.1");
  return { impl: "ts", target: `127.0.0.1:${port}`, stop: () => server.shutdown(0) };
}

/** Why the Python backend cannot start here, or undefined if it can. */
export function pythonMissing(): string | undefined {
  return existsSync(python) ? undefined : `${python} is missing; run ./dev.sh build (or pnpm setup) first`;
}

/** The Python seed server in a child process; resolves once it printed its address (within 30 s). */
export function startPyBackend(): Promise<Backend> {
  const child = spawn(python, ["-m", "polyrpc_interop.serve_all", "--host", "127.0.0.1", "--port", "0", "--push-interval", "0.05"], {
    cwd: repoRoot,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, PYTHONUNBUFFERED: "1" },
  });
  let stderr = "";
  let stdout = "";
  child.stderr.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const kill = setTimeout(() => child.kill("SIGKILL"), 5000);
      child.once("exit", () => {
        clearTimeout(kill);
        resolve();
      });
      child.kill("SIGTERM");
    });
  return new Promise((resolve, reject) => {
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(new Error(`python server ${why}; stderr: ${stderr.trim()}`));
    };
    const timer = setTimeout(() => fail("did not print its address within 30 s"), 30_000);
    child.once("exit", (code) => fail(`exited with code ${code} before listening`));
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
      const match = /^listening on (.+:\d+)$/m.exec(stdout);
      if (match !== null) {
        clearTimeout(timer);
        child.removeAllListeners("exit");
        resolve({ impl: "py", target: match[1]!, stop });
      }
    });
  });
}
