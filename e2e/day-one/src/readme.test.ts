import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { repoRoot } from "./processes.js";

/** The command lines of the README's sh code blocks (comments and blank lines left out). */
function readmeCommands(): string[] {
  const readme = readFileSync(join(repoRoot, "README.md"), "utf8");
  return [...readme.matchAll(/```sh\n([\s\S]*?)```/g)]
    .flatMap((block) => block[1]!.split("\n"))
    .map((line) => line.replace(/\s+#.*$/, "").trim())
    .filter((line) => line !== "" && !line.startsWith("#"));
}

describe("README.md", () => {
  it("starts with the main job and the test command, both through dev.sh", () => {
    const [first, second] = readmeCommands();
    assert.equal(first, "./dev.sh main");
    assert.equal(second, "./dev.sh test");
  });

  it("shows no command that needs a pnpm, turbo or polyrpc outside the repository", () => {
    // A new user has Node and Python only: pnpm lives in .tools/, reached through dev.sh (or the PATH line
    // the README gives, which is itself a command here and starts with `export`).
    const bare = readmeCommands().filter((line) => /^(pnpm|pnpx|turbo|polyrpc|npx)\b/.test(line));
    assert.deepEqual(bare, []);
  });
});
