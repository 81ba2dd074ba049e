#!/usr/bin/env bash
# polyrpc's entry point on a fresh machine: installs what the repository needs, then runs a root script.
#
#   ./dev.sh main    build, start the TS and Python servers on loopback, run the interop matrix, print the report
#   ./dev.sh test    every test (unit, codegen drift, lint, interop matrix)
#   ./dev.sh <script> [args]   any other root package.json script, e.g. `./dev.sh gen`
#   ./dev.sh exec <command> [args]   a command, in the current folder, with the repository's pnpm,
#                                    node_modules/.bin and .venv/bin first on PATH, e.g. `./dev.sh exec pnpm changeset`
#
# Needs Node >= 20 and Python >= 3.9 on PATH. Installs, all inside the repository:
#   .tools/      pnpm (pinned in package.json "packageManager"), installed with npm, because corepack's
#                signature check fails against some registry mirrors and a global install needs root;
#   node_modules the JS dependencies, from pnpm-lock.yaml (frozen);
#   .venv/       the Python virtualenv, from requirements.txt (pinned).
# Each step is quiet when it works and prints the failing tool's own output when it does not.
set -euo pipefail
caller_dir=$PWD
cd "$(dirname "$0")"

die() { printf 'polyrpc: %s\n' "$*" >&2; exit 1; }

# Runs a set-up command with its output captured: nothing is printed when it succeeds; when it fails, its
# whole output, then `polyrpc: <message>`, and dev.sh exits 1.
quietly() {
  local message=$1 output
  shift
  if ! output=$("$@" 2>&1); then
    printf '%s\n' "$output" >&2
    die "$message"
  fi
}

command -v node >/dev/null || die "node is not on PATH; install Node.js 20 or newer"
node -e 'process.exit(+process.versions.node.split(".")[0] >= 20 ? 0 : 1)' \
  || die "Node.js $(node --version) is too old; polyrpc needs Node.js 20 or newer"

pnpm_version=$(node -p 'require("./package.json").packageManager.split("@")[1]')
pnpm_bin=.tools/node_modules/.bin/pnpm
if [ ! -x "$pnpm_bin" ] || [ "$("$pnpm_bin" --version 2>/dev/null)" != "$pnpm_version" ]; then
  echo "polyrpc: installing pnpm $pnpm_version into .tools/" >&2
  quietly "could not install pnpm $pnpm_version with npm (its output is above; is the npm registry reachable?)" \
    npm install --no-audit --no-fund --loglevel=error --prefix .tools "pnpm@$pnpm_version"
fi
export PATH="$PWD/.tools/node_modules/.bin:$PATH"

# A frozen install is a no-op when node_modules already matches the lockfile.
quietly "pnpm install failed (pnpm's message is above). If it says the lockfile is not up to date, run \`./dev.sh exec pnpm install\` and commit pnpm-lock.yaml" \
  pnpm install --frozen-lockfile --reporter=append-only
node scripts/setup-python.mjs >&2

script=${1:-main}
shift || true

if [ "$script" = exec ]; then
  [ $# -gt 0 ] || die "exec: give a command to run, e.g. ./dev.sh exec pnpm changeset"
  export PATH="$PWD/node_modules/.bin:$PWD/.venv/bin:$PATH"
  # The command runs where it was typed (`polyrpc init`, relative --proto paths); scripts run in the root.
  cd "$caller_dir"
  exec "$@"
fi

# A script that is a single `node <file> ...` command (serve, release, ...) runs without pnpm in between:
# `pnpm run` does not pass SIGTERM on to its child, so a supervisor that stops this pid would leave the
# script and the servers it started running. Anything else (turbo pipelines) goes through `pnpm run`.
command=$(node -e '
  const scripts = require("./package.json").scripts ?? {};
  const name = process.argv[1];
  if (!Object.hasOwn(scripts, name)) {
    process.stderr.write(`polyrpc: no script "${name}" in package.json; the scripts are: ${Object.keys(scripts).join(", ")}, and exec\n`);
    process.exit(1);
  }
  const line = scripts[name];
  process.stdout.write(/^node [^&|;<>$`"\x27\\]+$/.test(line) ? line.split(/\s+/).join("\n") : "");
' "$script") || exit 1
if [ -n "$command" ]; then
  mapfile -t words <<<"$command"
  export PATH="$PWD/node_modules/.bin:$PATH"
  exec "${words[@]}" "$@"
fi
exec pnpm run "$script" "$@"
