import { startProcess, type RunningProcess } from "@polyrpc/devkit";

export { acceptsConnections, descendants, isAlive, repoRoot, userEnv } from "@polyrpc/devkit";

/** A command started by `bash -c '<command> & ...; wait'`, as a shell script or a supervisor's job would. */
export interface BackgroundJob {
  /** The pid `$!` of the background command: the one a script would signal. */
  pid: number;
  /** The shell that waits for it; its `exited` is the job's exit code, since the shell's last command is `wait $!`. */
  shell: RunningProcess;
  /** What the shell and the job printed so far (stdout and stderr). */
  output(): string;
  /** Resolves with the first output line matching `pattern`, or rejects after `timeoutMs`. */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  /** Resolves with the shell's exit code: the job's. */
  exited: Promise<number | null>;
  /** Kills the shell's process group and `extra` pids with SIGKILL: cleanup for a test that failed. */
  kill(extra?: readonly number[]): void;
}

/** Starts `command` in the background of a bash in `cwd`, with its own process group so it can be cleaned up. */
export async function startInBackground(command: string, cwd: string, env: NodeJS.ProcessEnv): Promise<BackgroundJob> {
  const shell = startProcess("bash", ["-c", `${command} & echo "pid=$!"; wait $!`], { cwd, env, detached: true, lineStreams: "both" });
  const waitForLine = async (pattern: RegExp, timeoutMs = 60_000) => (await shell.waitForLine(pattern, timeoutMs)).match;
  const pid = Number((await waitForLine(/^pid=(\d+)$/))[1]);
  return {
    pid,
    shell,
    output: shell.output,
    waitForLine,
    exited: shell.exited,
    kill(extra = []) {
      for (const p of extra) {
        try {
          process.kill(p, "SIGKILL");
        } catch {
          // gone already
        }
      }
      shell.kill("SIGKILL"); // the whole group: started detached
    },
  };
}
