import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { connect } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root. */
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

/**
 * The environment of a user's shell: without the npm_* and pnpm variables that `pnpm run` sets, node:test's
 * child marker, and any PATH entry inside the repository, so what dev.sh does not set up itself is missing.
 */
export function userEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_|pnpm_)/i.test(key) || key === "NODE_TEST_CONTEXT" || key === "NODE_OPTIONS" || key === "INIT_CWD") continue;
    env[key] = value;
  }
  env["PATH"] = (process.env["PATH"] ?? "")
    .split(":")
    .filter((entry) => entry !== "" && entry !== repoRoot && !entry.startsWith(`${repoRoot}/`))
    .join(":");
  return env;
}

/** Every live process below `pid`, from the parent links in /proc (Linux). */
export function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue; // exited while listing
    }
    // The command name (field 2) is in parentheses and may hold spaces; the parent pid follows the state.
    const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
  }
  const found: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift()!) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

/** Whether a process with this pid exists (signal 0 checks without signalling). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ESRCH") return false;
    throw e;
  }
}

/** Whether something accepts TCP connections on 127.0.0.1:port. */
export function acceptsConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** A command started by `bash -c '<command> & ...; wait'`, as a shell script or a supervisor's job would. */
export interface BackgroundJob {
  /** The pid `$!` of the background command: the one a script would signal. */
  pid: number;
  /** The shell that waits for it; exits with the job's exit code. */
  shell: ChildProcess;
  /** What the shell and the job printed so far (stdout and stderr). */
  output(): string;
  /** Resolves with the first output line matching `pattern`, or rejects after `timeoutMs`. */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  /** Resolves with the shell's exit code: the job's, since the shell's last command is `wait $!`. */
  exited: Promise<number | null>;
  /** Kills the shell's process group and `extra` pids with SIGKILL: cleanup for a test that failed. */
  kill(extra?: readonly number[]): void;
}

/** Starts `command` in the background of a bash in `cwd`, with its own process group so it can be cleaned up. */
export async function startInBackground(command: string, cwd: string, env: NodeJS.ProcessEnv): Promise<BackgroundJob> {
  const shell = spawn("bash", ["-c", `${command} & echo "pid=$!"; wait $!`], { cwd, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let text = "";
  const waiters = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    text += chunk.toString("utf8");
    for (const waiter of waiters) waiter();
  };
  shell.stdout!.on("data", onData);
  shell.stderr!.on("data", onData);
  const exited = new Promise<number | null>((resolve) => shell.on("close", (code) => resolve(code)));
  const waitForLine = (pattern: RegExp, timeoutMs = 60_000) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const check = () => {
        for (const line of text.split("\n")) {
          const match = pattern.exec(line);
          if (match !== null) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(match);
            return;
          }
        }
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms; output:\n${text}`));
      }, timeoutMs);
      waiters.add(check);
      check();
    });
  const pid = Number((await waitForLine(/^pid=(\d+)$/))[1]);
  return {
    pid,
    shell,
    output: () => text,
    waitForLine,
    exited,
    kill(extra = []) {
      for (const p of extra) if (isAlive(p)) process.kill(p, "SIGKILL");
      try {
        process.kill(-shell.pid!, "SIGKILL");
      } catch {
        // the group is gone already
      }
    },
  };
}
