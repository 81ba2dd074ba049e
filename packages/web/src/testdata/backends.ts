// The seed servers the gateway tests run behind the gateway: the TypeScript one in-process, the Python
// one (interop/python's serve_all) as a child process, both on 127.0.0.1 port 0.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { repoRoot, startSeedServer } from "@polyrpc/devkit";
import { createServer, type ServiceRegistration } from "@polyrpc/grpc";
import { createSeedServices } from "@polyrpc/server";

const python = join(repoRoot, ".venv/bin/python");

/** A running backend: its `127.0.0.1:PORT` and how to stop it. */
export interface Backend {
  impl: "ts" | "py";
  target: string;
  stop(): Promise<void>;
}

/** The seed services from TypeScript, or `services` of a test's own, in this process. */
export async function startTsBackend(services?: ServiceRegistration[]): Promise<Backend> {
  const server = createServer({
    services: services ?? (await createSeedServices({ pushIntervalMs: 50, log: () => {} })),
    logger: { error() {} },
    shutdownGraceMs: 0,
  });
  const { port } = await server.listen(0, "127.0.0.1");
  return { impl: "ts", target: `127.0.0.1:${port}`, stop: () => server.shutdown(0) };
}

/** Why the Python backend cannot start here, or undefined if it can. */
export function pythonMissing(): string | undefined {
  return existsSync(python) ? undefined : `${python} is missing; run ./dev.sh build (or pnpm setup) first`;
}

/** The Python seed server in a child process; resolves once it printed its address (within 30 s). */
export async function startPyBackend(): Promise<Backend> {
  const server = await startSeedServer("py", ["--host", "127.0.0.1", "--port", "0", "--push-interval", "0.05"]);
  return { impl: "py", target: server.target, stop: server.stop };
}
