import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, it } from "node:test";
import { repoRoot } from "./processes.js";

const biome = join(repoRoot, "node_modules", ".bin", "biome");

/** The committed files that .gitattributes marks `linguist-generated`. */
function generatedFiles(): string[] {
  const files = execFileSync("git", ["ls-files", "-z"], { cwd: repoRoot, encoding: "utf8" }).split("\0").filter(Boolean);
  const attrs = execFileSync("git", ["check-attr", "-z", "--stdin", "linguist-generated"], { cwd: repoRoot, input: files.join("\0"), encoding: "utf8" }).split(
    "\0",
  );
  const generated: string[] = [];
  // -z output is path, attribute, value, repeated.
  for (let i = 0; i + 2 < attrs.length; i += 3) if (attrs[i + 2] === "true") generated.push(attrs[i]!);
  return generated;
}

/** How many of `files` `biome check` (with the root biome.jsonc) looks at. */
function checkedCount(files: string[]): number {
  // Biome exits 1 when every file given is excluded ("No files were processed"); its JSON summary still says so.
  const run = spawnSync(biome, ["check", "--reporter=json", ...files], { cwd: repoRoot, encoding: "utf8" });
  assert.ok(run.stdout.startsWith("{"), `biome check printed no JSON summary (exit ${run.status}):\n${run.stdout}${run.stderr}`);
  const { summary } = JSON.parse(run.stdout) as { summary: { changed: number; unchanged: number; errors: number } };
  assert.equal(summary.errors, 0, run.stderr);
  return summary.changed + summary.unchanged;
}

describe("pnpm lint (biome.jsonc)", () => {
  it("leaves out every file .gitattributes marks linguist-generated", () => {
    // Biome's languages only: the Python and Go trees are outside its includes by extension.
    const generated = generatedFiles().filter((f) => /\.(ts|mts|cts|js|mjs|cjs|json|jsonc)$/.test(f));
    assert.ok(generated.length >= 20, `only ${generated.length} generated TS/JS files: ${generated.join(", ")}`);
    assert.equal(checkedCount(generated), 0, "biome.jsonc's includes must exclude every linguist-generated tree (keep the two lists in step)");
  });

  it("checks hand-written TS, JS and JSON", () => {
    assert.equal(checkedCount(["packages/grpc/src/index.ts", "packages/codegen/bin/polyrpc.js", "turbo.json"]), 3);
  });
});
