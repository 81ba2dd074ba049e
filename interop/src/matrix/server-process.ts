import { join } from "node:path";
import { repoRoot, startAddressServer, startSeedServer, type SeedServer, type SeedServerImpl } from "@polyrpc/devkit";

/** A seed server (or the TypeScript fidelity server) in a child process, with what it printed. */
export interface ServerProcess extends Omit<SeedServer, "impl"> {
  impl: ServerImpl | "ts-fidelity";
}

/** The seed servers: TypeScript, Python on grpcio (serve_all), Python on grpc.aio (serve_all_aio). */
export type ServerImpl = SeedServerImpl;

/**
 * Starts the TypeScript or Python seed server on 127.0.0.1, port 0, in interop mode, and resolves once it
 * printed its address (within 30 s, or it is killed and this rejects with its output). `extraArgs` go to
 * both servers alike (they share --tls-cert, --tls-key, --tls-ca, --auth-token-file and --config), after
 * the defaults, so they may override them (`["--port", "50123"]` restarts on the same port); a few are
 * one server's own (`--max-workers` of the grpcio Python server, `--faults` of both Python servers).
 * `ts-fidelity` is the TypeScript fidelity server (src/fidelity/serve-fidelity.ts), which takes only --host
 * and --port. stop() stops it by pid: SIGTERM, then SIGKILL after 5 s.
 */
export async function startServerProcess(impl: ServerImpl | "ts-fidelity", extraArgs: readonly string[] = []): Promise<ServerProcess> {
  if (impl === "ts-fidelity") {
    // The fidelity service is test-only, so the published polyrpc-server cannot serve it: the TypeScript side
    // of the fidelity cases is a server of its own (the Python servers serve it beside the seed services).
    const script = join(repoRoot, "interop/dist/fidelity/serve-fidelity.js");
    const server = await startAddressServer("the ts-fidelity server", process.execPath, [script, "--host", "127.0.0.1", "--port", "0", ...extraArgs]);
    return { ...server, impl };
  }
  // Both CLIs let a later option win, so extraArgs may override these (a fixed --port for a restart).
  return startSeedServer(impl, ["--host", "127.0.0.1", "--port", "0", "--interop", "--push-interval", "0.2", ...extraArgs]);
}
