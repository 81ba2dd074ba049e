// The seed servers (every seed service on one port) as the tools start them: the TypeScript one
// (@polyrpc/server's polyrpc-server) and the Python ports (interop/python's polyrpc_interop.serve_all on
// grpcio, serve_all_aio on grpc.aio). All take the same flags (SECURITY.md) and print
// `listening on <host>:<port>` once they accept connections.
import { join } from "node:path";
import { startListening } from "./listening-process.mjs";
import { repoRoot } from "./repo-root.mjs";

/** @typedef {"ts" | "py" | "py-aio"} SeedServerImpl */

/** The implementations, in the order the tools list them. */
export const seedServerImpls = /** @type {const} */ (["ts", "py", "py-aio"]);

/**
 * The command line that starts the seed server of `impl` with `args` (its flags, passed as given).
 * @param {SeedServerImpl} impl
 * @param {readonly string[]} args
 * @returns {[string, string[]]} the command and its arguments
 */
export function seedServerCommand(impl, args) {
  if (impl === "ts") return [process.execPath, [join(repoRoot, "packages/server/bin/polyrpc-server.js"), ...args]];
  return [join(repoRoot, ".venv/bin/python"), ["-m", impl === "py" ? "polyrpc_interop.serve_all" : "polyrpc_interop.serve_all_aio", ...args]];
}

/**
 * A running seed server.
 * @typedef {import("./listening-process.mjs").ListeningProcess & { impl: SeedServerImpl }} SeedServer
 */

/**
 * Starts the seed server of `impl` with `args` from the repository root and resolves once it printed its
 * address (within 30 s, or it is killed and this rejects with its output). Its stop() allows 5 s for the
 * graceful shutdown before SIGKILL.
 * @param {SeedServerImpl} impl
 * @param {readonly string[]} args its flags; give --host and --port (0 for one the OS picks)
 * @param {{ stderr?: "pipe" | "inherit", lineLimit?: number }} [options] see {@link startListening}
 * @returns {Promise<SeedServer>}
 */
export async function startSeedServer(impl, args, options = {}) {
  const [command, commandArgs] = seedServerCommand(impl, args);
  return { ...(await startAddressServer(`the ${impl} server`, command, commandArgs, options)), impl };
}

/**
 * Starts a server that, like the seed servers, prints `listening on <host>:<port>` once it accepts
 * connections (a seed server, or a test server of the same kind), from the repository root; resolves once it
 * printed that line (within 30 s, or it is killed and this rejects with its output). Its stop() allows 5 s
 * for the graceful shutdown before SIGKILL.
 * @param {string} label names it in error messages ("the ts server")
 * @param {string} command
 * @param {readonly string[]} args
 * @param {{ stderr?: "pipe" | "inherit", lineLimit?: number }} [options] see {@link startListening}
 * @returns {Promise<import("./listening-process.mjs").ListeningProcess>}
 */
export function startAddressServer(label, command, args, options = {}) {
  return startListening(command, args, {
    label,
    portPattern: /^listening on (.+:\d+)$/,
    timeoutMs: 30_000,
    graceMs: 5000,
    connect: false, // It prints the line once it accepts connections.
    cwd: repoRoot,
    env: { ...process.env, PYTHONUNBUFFERED: "1" },
    ...options,
  });
}
