// Runs the first ```ts block of a package's README.md, for the packages' readme tests ("code shown in a
// README is run by a test"). The example runs from a scratch folder inside the package, so imports of the
// package's own name resolve to it (self-reference through "exports").
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * What a README example printed, and the lines its `console.log(...); // <line>` comments promise, in order.
 * @typedef {object} ReadmeExampleRun
 * @property {number | null} status
 * @property {string} stdout
 * @property {string} stderr
 * @property {string[]} expected
 */

/**
 * Runs the first ```ts block of `packageDir`/README.md from a scratch folder inside the package.
 * @param {string} packageDir the package folder (holding README.md and a built dist/)
 * @returns {ReadmeExampleRun}
 */
export function runReadmeExample(packageDir) {
  const readme = readFileSync(join(packageDir, "README.md"), "utf8");
  const code = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  if (code === undefined) throw new Error(`${packageDir}/README.md has no ts example`);
  const dir = mkdtempSync(join(packageDir, ".readme-"));
  try {
    writeFileSync(join(dir, "example.ts"), code);
    const run = spawnSync(process.execPath, ["--import", "tsx", join(dir, "example.ts")], { cwd: packageDir, encoding: "utf8", timeout: 30_000 });
    const expected = [...code.matchAll(/console\.log\(.*\/\/ (.+)$/gm)].map((m) => /** @type {string} */ (m[1]));
    return { status: run.status, stdout: run.stdout, stderr: run.stderr, expected };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
