// Creates or refreshes the project's Python virtualenv (.venv) from requirements.txt.
// Idempotent and fast when nothing changed: a hash of requirements.txt is kept in .venv/.polyrpc-requirements.
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { repoRoot as root } from "@polyrpc/devkit";
const venv = join(root, ".venv");
const python = join(venv, "bin", "python");
const requirements = join(root, "requirements.txt");
const stamp = join(venv, ".polyrpc-requirements");
const hash = createHash("sha256").update(readFileSync(requirements)).digest("hex");

function fail(message) {
  process.stderr.write(`polyrpc: ${message}\n`);
  process.exit(1);
}

function run(command, args) {
  const result = spawnSync(command, args, { stdio: ["ignore", "inherit", "inherit"], cwd: root });
  if (result.error) fail(`cannot run ${command}: ${result.error.message}`);
  return result.status === 0;
}

if (existsSync(stamp) && readFileSync(stamp, "utf8") === hash && existsSync(python)) process.exit(0);

if (!existsSync(python)) {
  const base = process.env.POLYRPC_BASE_PYTHON ?? "python3";
  process.stderr.write(`polyrpc: creating .venv with ${base}\n`);
  if (!run(base, ["-m", "venv", venv])) {
    fail(`${base} -m venv failed; install Python 3.9+ with the venv module (Debian: apt-get install python3-venv)`);
  }
}
process.stderr.write("polyrpc: installing requirements.txt into .venv\n");
if (!run(python, ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", requirements])) {
  fail("pip install -r requirements.txt failed (see above); is PyPI reachable?");
}
writeFileSync(stamp, hash);
