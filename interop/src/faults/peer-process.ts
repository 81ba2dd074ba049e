import { join } from "node:path";
import { repoRoot, startProcess, type RunningProcess } from "@polyrpc/devkit";

/**
 * A client process of the fault tests, whose stdout lines are watched as they come (`waitForLine`), killed
 * by pid with `kill()` (SIGKILL unless told otherwise).
 */
export type PeerProcess = RunningProcess;

/** Starts `python -m polyrpc_interop.fault_client <args>` from the repository's venv. */
export function startPythonPeer(args: readonly string[]): PeerProcess {
  return startPeer(join(repoRoot, ".venv/bin/python"), ["-m", "polyrpc_interop.fault_client", ...args]);
}

/** Starts one of testdata/'s TypeScript clients with node and tsx. */
export function startTsPeer(script: string, args: readonly string[]): PeerProcess {
  return startPeer(process.execPath, ["--import", "tsx", new URL(`testdata/${script}`, import.meta.url).pathname, ...args]);
}

/**
 * Starts a process that is killed after two minutes at the latest, so a hung peer cannot hold the test
 * run; tests still kill it in their finally block.
 */
function startPeer(command: string, args: readonly string[]): PeerProcess {
  return startProcess(command, args, { cwd: repoRoot, env: { ...process.env, PYTHONUNBUFFERED: "1" }, lifetimeMs: 120_000 });
}
