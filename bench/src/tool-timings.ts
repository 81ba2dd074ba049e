import { spawnSync } from "node:child_process";
import { cp, mkdir, mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { repoRoot, runProcess } from "@polyrpc/devkit";
import { summarize } from "./stats.js";
import type { ToolTiming } from "./results.js";

const require = createRequire(import.meta.url);

/** Longest one timed command may take before it is killed. */
const COMMAND_TIMEOUT_MS = 5 * 60_000;

async function timed(label: string, command: string, args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<number> {
  const result = await runProcess(command, args, { cwd: options.cwd, env: options.env ?? process.env, timeoutMs: COMMAND_TIMEOUT_MS, processGroup: true });
  if (result.timedOut) throw new Error(`${label} did not finish within ${COMMAND_TIMEOUT_MS / 1000} s and was killed`);
  if (result.code !== 0)
    throw new Error(`${label} failed (exit ${result.code ?? result.signal}):\n${(result.stderr + result.stdout).trim().split("\n").slice(-15).join("\n")}`);
  return result.ms / 1000;
}

/**
 * Times `polyrpc gen` over the whole proto tree, `runs` times, writing into a temporary folder (never into
 * the repository's stub folders).
 */
export async function timeCodegen(runs: number): Promise<ToolTiming> {
  const bin = join(dirname(require.resolve("@polyrpc/codegen/package.json")), "bin", "polyrpc.js");
  const out = await mkdtemp(join(tmpdir(), "polyrpc-bench-gen-"));
  try {
    const seconds: number[] = [];
    for (let i = 0; i < runs; i++) {
      seconds.push(await timed("polyrpc gen", process.execPath, [bin, "gen", "--ts-out", join(out, "ts"), "--py-out", join(out, "py")], { cwd: repoRoot }));
    }
    return { id: "codegen", label: "`polyrpc gen`, whole proto tree (TS + Python)", unit: "s", ...summarize(seconds) };
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

/** How to run pnpm: the pnpm that runs this script ($npm_execpath), else `pnpm` on PATH. */
export interface PnpmCommand {
  command: string;
  args: string[];
}

export function pnpmCommand(env: NodeJS.ProcessEnv = process.env): PnpmCommand {
  const execPath = env["npm_execpath"];
  if (execPath !== undefined && /pnpm\.c?js$/.test(execPath)) return { command: process.execPath, args: [execPath] };
  return { command: "pnpm", args: [] };
}

/** The files git would check out: tracked files plus new files that are not ignored. */
function workspaceFiles(): string[] {
  const r = spawnSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: repoRoot, encoding: "utf8", maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`git ls-files failed: ${r.stderr.trim()}`);
  return r.stdout.split("\0").filter((f) => f !== "");
}

/**
 * Times `turbo run build` cold (a fresh copy of the workspace: no dist, an empty turbo cache folder) and
 * then fully cached (the same command again), `runs` times each. The copy lives in a temporary folder, so
 * the repository's own dist and cache are never touched; its dependencies come from the pnpm store
 * (`pnpm install --offline`). Returns [cold, cached].
 */
export async function timeBuild(runs: number, pnpm: PnpmCommand = pnpmCommand()): Promise<[ToolTiming, ToolTiming]> {
  const cold: number[] = [];
  const cached: number[] = [];
  for (let i = 0; i < runs; i++) {
    const copy = await mkdtemp(join(tmpdir(), "polyrpc-bench-build-"));
    try {
      for (const file of workspaceFiles()) {
        await mkdir(dirname(join(copy, file)), { recursive: true });
        await cp(join(repoRoot, file), join(copy, file));
      }
      const env = {
        ...process.env,
        // The copy has no .venv; codegen uses the repository's Python toolchain and protoc 3.19.4 (classic target).
        POLYRPC_PYTHON: process.env["POLYRPC_PYTHON"] ?? join(repoRoot, ".venv", "bin", "python"),
        POLYRPC_PROTOC: process.env["POLYRPC_PROTOC"] ?? join(repoRoot, ".venv", "bin", "protoc"),
        TURBO_TELEMETRY_DISABLED: "1",
      };
      await timed(
        "pnpm install --offline in the build copy",
        pnpm.command,
        [...pnpm.args, "install", "--offline", "--frozen-lockfile", "--config.confirmModulesPurge=false"],
        { cwd: copy, env },
      );
      const turbo = join(copy, "node_modules", ".bin", "turbo");
      const args = ["run", "build", "--cache-dir", join(copy, ".bench-turbo-cache"), "--output-logs=errors-only"];
      cold.push(await timed("turbo run build (cold)", turbo, args, { cwd: copy, env }));
      cached.push(await timed("turbo run build (cached)", turbo, args, { cwd: copy, env }));
    } finally {
      await rm(copy, { recursive: true, force: true });
    }
  }
  return [
    { id: "build-cold", label: "`pnpm turbo build`, cold (no dist, empty cache)", unit: "s", ...summarize(cold) },
    { id: "build-cached", label: "`pnpm turbo build`, fully cached", unit: "s", ...summarize(cached) },
  ];
}
