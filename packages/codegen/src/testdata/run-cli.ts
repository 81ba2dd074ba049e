import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { repoRoot } from "@polyrpc/devkit";

const bin = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "bin", "polyrpc.js");

/** The outcome of one `polyrpc` run. */
export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built `polyrpc` bin (dist must be built) in `cwd`, with extra environment variables. */
export function runCli(args: string[], cwd: string, env: Record<string, string> = {}): CliResult {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd, env: { ...process.env, ...env }, encoding: "utf8", timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A temporary project with the given files (path → content) and a polyrpc.json writing ts/ and py/. */
export function makeProject(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "polyrpc-codegen-test-"));
  const all = {
    "polyrpc.json": JSON.stringify({ proto: "proto", ts: { out: "ts" }, python: { root: "py", package: "demo_stubs" } }),
    ...files,
  };
  for (const [path, content] of Object.entries(all)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

/** The project's Python (the repository's .venv), which has grpcio-tools. */
export const repoPython = join(repoRoot, ".venv", "bin", "python");
