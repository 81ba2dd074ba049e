// Builds the polyrpc-stubs wheel (packages/stubs-py) with the project's .venv pip, into packages/stubs-py/dist
// or the folder given as the first argument, and prints the wheel's path. Used by `pnpm release` and by the
// pack-and-install test.
//
// The build runs on a fresh copy of pyproject.toml, README.md and src/polyrpc_stubs: setuptools builds in place
// and never deletes from its build/ folder, so a module removed from the proto tree could otherwise still ship;
// a copy also keeps __pycache__ and the editable install's egg-info out of the wheel.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { repoRoot as root } from "./workspace.mjs";

const packageDir = join(root, "packages", "stubs-py");

/**
 * Builds the wheel into `outDir` (created if needed; an older polyrpc_stubs wheel there is replaced).
 * @param {string} [outDir] defaults to packages/stubs-py/dist
 * @returns {string} the wheel's absolute path
 */
export function buildWheel(outDir = join(packageDir, "dist")) {
  const python = join(root, ".venv", "bin", "python");
  if (!existsSync(python)) throw new Error(".venv is missing; run ./dev.sh (or node scripts/setup-python.mjs) first");
  const out = resolve(outDir);
  mkdirSync(out, { recursive: true });
  for (const old of readdirSync(out).filter((f) => f.startsWith("polyrpc_stubs-") && f.endsWith(".whl"))) {
    rmSync(join(out, old));
  }
  const copy = mkdtempSync(join(tmpdir(), "polyrpc-wheel-"));
  try {
    for (const file of ["pyproject.toml", "README.md"]) cpSync(join(packageDir, file), join(copy, file));
    cpSync(join(packageDir, "src", "polyrpc_stubs"), join(copy, "src", "polyrpc_stubs"), {
      recursive: true,
      filter: (source) => basename(source) !== "__pycache__",
    });
    // --no-deps: the wheel alone; grpcio and protobuf are its declared dependencies, installed by its user.
    const args = ["-m", "pip", "wheel", "--quiet", "--disable-pip-version-check", "--no-deps", "--wheel-dir", out, copy];
    const run = spawnSync(python, args, { encoding: "utf8", timeout: 300_000 });
    if (run.status !== 0) {
      throw new Error(`pip wheel failed (exit ${run.status ?? run.signal}):\n${run.stderr || run.error?.message}`);
    }
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
  const wheels = readdirSync(out).filter((f) => f.startsWith("polyrpc_stubs-") && f.endsWith(".whl"));
  if (wheels.length !== 1) throw new Error(`expected one polyrpc_stubs wheel in ${out}, found ${wheels.join(", ") || "none"}`);
  return join(out, wheels[0]);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    process.stdout.write(`${buildWheel(process.argv[2])}\n`);
  } catch (e) {
    process.stderr.write(`polyrpc: ${e.message}\n`);
    process.exit(1);
  }
}
