// `pnpm release [pnpm publish options]`: builds, checks, builds the Python wheels (polyrpc-stubs, polyrpc), then publishes every public
// package with `pnpm publish -r`, passing the options through. `pnpm release --dry-run` publishes nothing and
// prints every package and version it would publish, plus the wheels. The wheels are built, not uploaded: PyPI
// needs its own credentials, so uploading them (`python -m twine upload <wheel>`) is left to the releaser.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join, relative } from "node:path";
import { buildWheel, pnpmCommand, publicPackages, pythonPackages, repoRoot as root, toPythonVersion } from "@polyrpc/devkit";

// `pnpm release -- --dry-run` hands the script a literal `--`; passed on, it would make pnpm publish read
// --dry-run as a positional argument and publish for real, so it is dropped.
const args = process.argv.slice(2).filter((arg) => arg !== "--");
const dryRun = args.includes("--dry-run");

function fail(message) {
  process.stderr.write(`polyrpc: ${message}\n`);
  process.exit(1);
}

const [pnpm, pnpmArgs] = pnpmCommand();

/** Runs `pnpm <args>` in the repository root; any failure stops the release before anything is published. */
function step(title, args) {
  process.stderr.write(`polyrpc: ${title}: pnpm ${args.join(" ")}\n`);
  const run = spawnSync(pnpm, [...pnpmArgs, ...args], { cwd: root, stdio: "inherit" });
  if (run.error) fail(`cannot run pnpm: ${run.error.message}`);
  if (run.status !== 0) fail(`${title} failed (exit ${run.status ?? run.signal}); nothing was published`);
}

step("build and check", ["exec", "turbo", "run", "build", "check", "check:package", "--filter=./packages/*"]);

// changesets' "fixed" group keeps these equal; a mismatch means package.json was edited by hand.
const packages = publicPackages();
const versions = new Set(packages.map((p) => p.version));
if (versions.size !== 1) {
  fail(`the public packages must share one version, found ${packages.map((p) => `${p.name}@${p.version}`).join(", ")}`);
}
const [version] = versions;
let expected;
try {
  expected = toPythonVersion(version);
} catch (e) {
  fail(e.message);
}
for (const { dir } of pythonPackages) {
  const pyproject = readFileSync(join(root, "packages", dir, "pyproject.toml"), "utf8");
  const wheelVersion = /^version\s*=\s*"([^"]*)"/m.exec(pyproject)?.[1];
  if (wheelVersion !== expected) {
    fail(`packages/${dir}/pyproject.toml has version ${wheelVersion} but the npm packages are ${version}; run pnpm version-packages`);
  }
}
const wheelVersion = expected;

const wheels = [];
for (const { dir, name } of pythonPackages) {
  process.stderr.write(`polyrpc: building the ${name} wheel\n`);
  try {
    wheels.push({ name, path: buildWheel(undefined, dir) });
  } catch (e) {
    fail(`${e.message}; nothing was published`);
  }
}

// A dry run uploads nothing, so it need not come from a clean main branch; a real publish keeps pnpm's git checks.
const publishArgs = ["publish", "-r", "--report-summary", ...(dryRun ? ["--no-git-checks"] : []), ...args];
const summaryFile = join(root, "pnpm-publish-summary.json");
rmSync(summaryFile, { force: true });
step(dryRun ? "publish (dry run)" : "publish", publishArgs);

const published = existsSync(summaryFile) ? JSON.parse(readFileSync(summaryFile, "utf8")).publishedPackages : [];
rmSync(summaryFile, { force: true });
const lines = [
  published.length === 0
    ? "polyrpc: no npm package to publish (every version is on the registry already)"
    : `polyrpc: ${dryRun ? "would publish" : "published"} ${published.length} npm packages:`,
  ...published.map((p) => `  ${p.name}@${p.version}`),
  ...wheels.map(
    ({ name, path }) =>
      `polyrpc: wheel ${relative(root, path)} (${name} ${wheelVersion}); upload it to PyPI with \`python -m twine upload ${relative(root, path)}\``,
  ),
];
process.stdout.write(`${lines.join("\n")}\n`);
