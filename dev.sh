#!/usr/bin/env bash
# polyrpc's entry point on a fresh machine: installs what the repository needs, then runs a root script.
#
#   ./dev.sh main    build, start the TS and Python servers on loopback, run the interop matrix, print the report
#   ./dev.sh test    every test (unit, codegen drift, lint, interop matrix)
#   ./dev.sh <script> [args]   any other root package.json script, e.g. `./dev.sh gen`
#
# Needs Node >= 20 and Python >= 3.9 on PATH. Installs, all inside the repository:
#   .tools/      pnpm (pinned in package.json "packageManager"), installed with npm, because corepack's
#                signature check fails against some registry mirrors and a global install needs root;
#   node_modules the JS dependencies, from pnpm-lock.yaml (frozen);
#   .venv/       the Python virtualenv, from requirements.txt (pinned).
set -euo pipefail
cd "$(dirname "$0")"

die() { printf 'polyrpc: %s\n' "$*" >&2; exit 1; }

command -v node >/dev/null || die "node is not on PATH; install Node.js 20 or newer"
node -e 'process.exit(+process.versions.node.split(".")[0] >= 20 ? 0 : 1)' \
  || die "Node.js $(node --version) is too old; polyrpc needs Node.js 20 or newer"

pnpm_version=$(node -p 'require("./package.json").packageManager.split("@")[1]')
pnpm_bin=.tools/node_modules/.bin/pnpm
if [ ! -x "$pnpm_bin" ] || [ "$("$pnpm_bin" --version 2>/dev/null)" != "$pnpm_version" ]; then
  echo "polyrpc: installing pnpm $pnpm_version into .tools/" >&2
  npm install --silent --no-audit --no-fund --prefix .tools "pnpm@$pnpm_version" >&2 \
    || die "could not install pnpm $pnpm_version with npm (is the npm registry reachable?)"
fi
export PATH="$PWD/.tools/node_modules/.bin:$PATH"

# A frozen install is a no-op when node_modules already matches the lockfile.
pnpm install --frozen-lockfile --reporter=silent >&2 || die "pnpm install failed (see above)"
node scripts/setup-python.mjs >&2

script=${1:-main}
shift || true
exec pnpm run "$script" "$@"
