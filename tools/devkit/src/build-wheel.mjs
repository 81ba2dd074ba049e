// Builds a Python wheel, polyrpc-stubs (packages/stubs-py, the default) or polyrpc (packages/grpc-py), with the
// project's .venv pip, into the package's dist/ or a given folder, and returns the
// wheel's path (`node tools/devkit/bin/build-wheel.mjs [DIR] [stubs-py|grpc-py]`). Used by `pnpm release` and
// by the pack-and-install test.
//
// The build runs on a fresh copy of pyproject.toml, README.md and src/<module>: setuptools builds in place
// and never deletes from its build/ folder, so a module removed from the proto tree could otherwise still ship;
// a copy also keeps __pycache__ and the editable install's egg-info out of the wheel.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { repoRoot as root } from "./repo-root.mjs";

/** The import package each Python package folder ships (its src/<module>), which also names the wheel file. */
const modules = { "stubs-py": "polyrpc_stubs", "grpc-py": "polyrpc" };

/**
 * Builds the wheel into `outDir` (created if needed; an older wheel of the same package there is replaced).
 * @param {string} [outDir] defaults to the package's dist/
 * @param {"stubs-py" | "grpc-py"} [packageName] the folder under packages/; default stubs-py
 * @returns {string} the wheel's absolute path
 */
export function buildWheel(outDir, packageName = "stubs-py") {
  const module = Object.hasOwn(modules, packageName) ? modules[/** @type {keyof typeof modules} */ (packageName)] : undefined;
  if (module === undefined) throw new Error(`no Python package ${packageName}; expected one of ${Object.keys(modules).join(", ")}`);
  const packageDir = join(root, "packages", packageName);
  outDir ??= join(packageDir, "dist");
  const python = join(root, ".venv", "bin", "python");
  if (!existsSync(python)) throw new Error(".venv is missing; run ./dev.sh (or node scripts/setup-python.mjs) first");
  const out = resolve(outDir);
  mkdirSync(out, { recursive: true });
  for (const old of readdirSync(out).filter((f) => f.startsWith(`${module}-`) && f.endsWith(".whl"))) {
    rmSync(join(out, old));
  }
  const copy = mkdtempSync(join(tmpdir(), "polyrpc-wheel-"));
  try {
    for (const file of ["pyproject.toml", "README.md"]) cpSync(join(packageDir, file), join(copy, file));
    cpSync(join(packageDir, "src", module), join(copy, "src", module), {
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
  const wheels = readdirSync(out).filter((f) => f.startsWith(`${module}-`) && f.endsWith(".whl"));
  if (wheels.length !== 1) throw new Error(`expected one ${module} wheel in ${out}, found ${wheels.join(", ") || "none"}`);
  return join(out, /** @type {string} */ (wheels[0]));
}
