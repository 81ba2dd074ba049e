import { spawn } from "node:child_process";
import { repoRoot } from "../matrix/server-process.js";

/** A client process of the fault tests, whose stdout lines are watched as they come. */
export interface PeerProcess {
  pid: number;
  /** Every stdout line so far. */
  lines: string[];
  /**
   * Resolves to the first line (already printed or still to come) that matches `pattern`, with the
   * time it arrived (performance.now()); rejects after `timeoutMs` or when the process ends without it.
   */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<{ line: string; at: number }>;
  /** Resolves when the process has exited. */
  exited: Promise<void>;
  /** Kills it by pid (SIGKILL unless told otherwise), if it still runs. */
  kill(signal?: NodeJS.Signals): void;
}

/** Starts `python -m polyrpc_interop.fault_client <args>` from the repository's venv. */
export function startPythonPeer(args: readonly string[]): PeerProcess {
  return startPeer(`${repoRoot}.venv/bin/python`, ["-m", "polyrpc_interop.fault_client", ...args]);
}

/** Starts one of testdata/'s TypeScript clients with node and tsx. */
export function startTsPeer(script: string, args: readonly string[]): PeerProcess {
  return startPeer(process.execPath, ["--import", "tsx", new URL(`testdata/${script}`, import.meta.url).pathname, ...args]);
}

/**
 * Starts a process that is killed after `lifetimeMs` at the latest, so a hung peer cannot hold the test
 * run; tests still kill it in their finally block.
 */
function startPeer(command: string, args: readonly string[], lifetimeMs = 120_000): PeerProcess {
  const child = spawn(command, args, { cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, PYTHONUNBUFFERED: "1" } });
  const lines: string[] = [];
  const arrivals: number[] = [];
  const watchers = new Set<() => void>();
  let stderr = "";
  let partial = "";
  let ended = false;
  const lifetime = setTimeout(() => child.kill("SIGKILL"), lifetimeMs);
  lifetime.unref();
  child.stderr!.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  child.stdout!.on("data", (d: Buffer) => {
    const now = performance.now();
    partial += d.toString();
    const parts = partial.split("\n");
    partial = parts.pop()!;
    for (const line of parts) {
      lines.push(line);
      arrivals.push(now);
    }
    for (const watch of watchers) watch();
  });
  const exited = new Promise<void>((resolve) =>
    child.once("close", () => {
      ended = true;
      clearTimeout(lifetime);
      for (const watch of watchers) watch();
      resolve();
    }),
  );
  return {
    pid: child.pid!,
    lines,
    exited,
    kill(signal = "SIGKILL") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
    waitForLine(pattern, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const i = lines.findIndex((l) => pattern.test(l));
          if (i >= 0) return done(() => resolve({ line: lines[i]!, at: arrivals[i]! }));
          if (ended) return done(() => reject(new Error(`${command} ${args.join(" ")} ended without printing ${pattern}; stdout: ${lines.join(" | ")}; stderr: ${stderr.trim()}`)));
        };
        const timer = setTimeout(() => done(() => reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms; stdout: ${lines.join(" | ")}; stderr: ${stderr.trim()}`))), timeoutMs);
        const done = (settle: () => void) => {
          clearTimeout(timer);
          watchers.delete(check);
          settle();
        };
        watchers.add(check);
        check();
      });
    },
  };
}
