import { spawn, type SpawnOptions } from "node:child_process";
import { delimiter, sep } from "node:path";
import { repoRoot } from "../../../scripts/workspace.mjs";

export { pnpmCommand, publicPackages, repoRoot, type PublicPackage } from "../../../scripts/workspace.mjs";

/**
 * The environment for commands that must behave as in a user's shell: without the npm_* and pnpm variables
 * that `pnpm run` sets (npm would read them as its config), without node:test's child marker, and with no
 * PATH entry inside the repository, so a `polyrpc` that is not installed in the temporary project cannot
 * be found in the workspace's node_modules/.bin instead.
 */
export function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_|pnpm_|PNPM_)/i.test(key) || key === "NODE_TEST_CONTEXT" || key === "NODE_OPTIONS" || key === "INIT_CWD") continue;
    env[key] = value;
  }
  env["PATH"] = (process.env["PATH"] ?? "")
    .split(delimiter)
    .filter((entry) => entry !== "" && entry !== repoRoot && !entry.startsWith(repoRoot + sep))
    .join(delimiter);
  return { ...env, ...extra };
}

/** What a finished command printed. */
export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a command to completion without blocking the event loop (so two installs can overlap), killing it
 * after `timeoutMs`. Resolves with its exit code and output; never rejects for a non-zero exit.
 */
export function run(command: string, args: readonly string[], options: SpawnOptions & { timeoutMs?: number } = {}): Promise<RunResult> {
  const { timeoutMs = 300_000, ...spawnOptions } = options;
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...spawnOptions, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout?.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr?.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      stderr += `\n[killed after ${timeoutMs} ms]`;
      child.kill("SIGKILL");
    }, timeoutMs);
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(new Error(`cannot run ${command}: ${e.message}`));
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Like {@link run}, but rejects with the command's output when it exits non-zero. */
export async function runOk(command: string, args: readonly string[], options: SpawnOptions & { timeoutMs?: number } = {}): Promise<RunResult> {
  const result = await run(command, args, options);
  if (result.code !== 0) {
    throw new Error(`${command} ${args.join(" ")} exited ${result.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`);
  }
  return result;
}
