// What the release tooling needs to know about the workspace: its public packages, and the pnpm to run.
// Shared by scripts/release.mjs and the e2e/publish tests, so both publish and test the same set.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "./repo-root.mjs";

/**
 * A workspace package that is published: not marked private.
 * @typedef {object} PublicPackage
 * @property {string} name
 * @property {string} version
 * @property {string} dir its folder
 */

/**
 * Every public package below packages/ (a package.json without `"private": true`), in folder order. Found
 * from the files, not from a list, so a new public package is published and tested without further edits.
 * @returns {PublicPackage[]}
 */
export function publicPackages() {
  const parent = join(repoRoot, "packages");
  return readdirSync(parent)
    .map((name) => join(parent, name))
    .filter((dir) => existsSync(join(dir, "package.json")))
    .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) }))
    .filter(({ manifest }) => manifest.private !== true)
    .map(({ dir, manifest }) => ({ name: manifest.name, version: manifest.version, dir }));
}

/**
 * The pnpm that runs the current script (`pnpm run` sets npm_execpath), so nested calls use the version pinned
 * in package.json's packageManager; else `pnpm` on PATH.
 * @returns {[string, string[]]} the command and the arguments that go before pnpm's own
 */
export function pnpmCommand() {
  const execPath = process.env["npm_execpath"];
  return execPath !== undefined && /pnpm/.test(execPath) ? [process.execPath, [execPath]] : ["pnpm", []];
}
