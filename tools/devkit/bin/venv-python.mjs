#!/usr/bin/env node
// `polyrpc-venv-python <args>` (this package's bin, on the PATH of every package script that depends on
// @polyrpc/devkit): runs the project's .venv Python with the given arguments,
// from the caller's working directory. Used by package scripts so they do not depend on an activated virtualenv.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "../src/repo-root.mjs";

const python = join(repoRoot, ".venv", "bin", "python");
if (!existsSync(python)) {
  process.stderr.write("polyrpc: .venv is missing; run ./dev.sh (or node scripts/setup-python.mjs) first\n");
  process.exit(1);
}
// POLYRPC_NODE tells Python tests which node runs the TypeScript server they start.
const result = spawnSync(python, process.argv.slice(2), { stdio: "inherit", env: { POLYRPC_NODE: process.execPath, ...process.env } });
process.exit(result.status ?? 1);
