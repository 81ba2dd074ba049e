import { delimiter, sep } from "node:path";
import { repoRoot } from "./repo-root.mjs";

/**
 * The environment of a user's shell, for commands that must behave as there: without the npm_* and pnpm
 * variables that `pnpm run` sets (npm would read them as its config), node:test's child marker, NODE_OPTIONS
 * and INIT_CWD, and with no PATH entry inside the repository, so what is not set up for the user (a `polyrpc`
 * not installed in a temporary project, a pnpm outside .tools/) cannot be found in the workspace instead.
 * @param {Record<string, string>} [extra] set on top
 * @returns {NodeJS.ProcessEnv}
 */
export function userEnv(extra = {}) {
  /** @type {NodeJS.ProcessEnv} */
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_|pnpm_)/i.test(key) || key === "NODE_TEST_CONTEXT" || key === "NODE_OPTIONS" || key === "INIT_CWD") continue;
    env[key] = value;
  }
  env["PATH"] = (process.env["PATH"] ?? "")
    .split(delimiter)
    .filter((entry) => entry !== "" && entry !== repoRoot && !entry.startsWith(repoRoot + sep))
    .join(delimiter);
  return { ...env, ...extra };
}
