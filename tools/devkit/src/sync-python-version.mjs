// Gives the Python wheels (polyrpc-stubs in packages/stubs-py, polyrpc in packages/grpc-py) the version of
// @polyrpc/stubs, so the npm packages and the wheels are versioned together. Run by `pnpm version-packages`
// (scripts/sync-python-version.mjs) right after `changeset version`, which versions only the npm packages.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * The npm pre-release tags that have a PEP 440 spelling; changesets' pre mode uses them as `1.2.0-rc.0`.
 * @type {Record<string, string>}
 */
const preReleaseTags = { alpha: "a", beta: "b", rc: "rc" };

/**
 * Turns an npm (semver) version into the equivalent PEP 440 version: `1.2.3` stays, `1.2.3-rc.1` becomes
 * `1.2.3rc1` (alpha -> a, beta -> b). Throws for anything else, for example `1.2.3-next.0` or build metadata,
 * because a wheel version that sorts differently from the npm one would break "versioned together".
 * @param {string} version
 * @returns {string}
 */
export function toPythonVersion(version) {
  const match = /^(\d+\.\d+\.\d+)(?:-([a-z]+)\.(\d+))?$/.exec(version);
  const tag = match?.[2];
  if (match === null || (tag !== undefined && !Object.hasOwn(preReleaseTags, tag))) {
    throw new Error(
      `cannot express npm version ${JSON.stringify(version)} as a Python version; ` +
        "use x.y.z or a pre-release tagged alpha, beta or rc (changeset pre enter rc)",
    );
  }
  const [, release = "", , number = ""] = match;
  return tag === undefined ? release : `${release}${preReleaseTags[tag]}${number}`;
}

/**
 * Rewrites the `version = "..."` line of pyproject.toml's `[project]` table to `version`, keeping every other
 * byte. Throws when there is no such line, rather than appending one somewhere surprising.
 * @param {string} pyproject the file's text
 * @param {string} version a PEP 440 version
 * @returns {string}
 */
export function setProjectVersion(pyproject, version) {
  const project = /^\[project\]\s*$/m.exec(pyproject);
  if (project === null) throw new Error("pyproject.toml has no [project] table");
  const start = project.index + project[0].length;
  const nextTable = /^\[/m.exec(pyproject.slice(start));
  const end = nextTable === null ? pyproject.length : start + nextTable.index;
  const table = pyproject.slice(start, end);
  const line = /^version\s*=\s*"[^"]*"[ \t]*$/m;
  if (!line.test(table)) throw new Error('pyproject.toml\'s [project] table has no version = "..." line');
  return pyproject.slice(0, start) + table.replace(line, `version = "${version}"`) + pyproject.slice(end);
}

/** The Python distributions versioned with the npm packages: their folder under packages/ and their name. */
export const pythonPackages = [
  { dir: "stubs-py", name: "polyrpc-stubs" },
  { dir: "grpc-py", name: "polyrpc" },
];

/**
 * Sets the pyproject.toml version of every Python package from packages/stubs/package.json, below `root`.
 * @param {string} root the repository root
 * @returns {{ npmVersion: string, pythonVersion: string, changed: boolean, packages: { name: string, changed: boolean }[] }}
 *   changed: whether any file changed
 */
export function syncPythonVersion(root) {
  const npmVersion = JSON.parse(readFileSync(join(root, "packages", "stubs", "package.json"), "utf8")).version;
  const pythonVersion = toPythonVersion(npmVersion);
  const packages = pythonPackages.map(({ dir, name }) => {
    const file = join(root, "packages", dir, "pyproject.toml");
    const before = readFileSync(file, "utf8");
    const after = setProjectVersion(before, pythonVersion);
    if (after !== before) writeFileSync(file, after);
    return { name, changed: after !== before };
  });
  return { npmVersion, pythonVersion, changed: packages.some((p) => p.changed), packages };
}
