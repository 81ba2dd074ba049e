import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { repoRoot } from "./processes.js";

/** The flow-sequence value of `key:` within `text` (`os: [linux, darwin]` gives ["linux", "darwin"]). */
function list(text: string, key: string): string[] {
  const match = new RegExp(`^\\s*${key}: \\[([^\\]]*)\\]`, "m").exec(text);
  assert.ok(match, `no "${key}: [...]" in\n${text}`);
  return match[1]!.split(",").map((s) => s.trim());
}

/** The lockfile's `packages:` entries with the platforms they are for: name -> { os, cpu } (cpu [] for any). */
function platformPackages(lockfile: string): Map<string, { os: string[]; cpu: string[] }> {
  const section = lockfile.slice(lockfile.indexOf("\npackages:\n"), lockfile.indexOf("\nsnapshots:\n"));
  const found = new Map<string, { os: string[]; cpu: string[] }>();
  for (const entry of section.split(/\n(?=  '?[@a-z])/)) {
    const name = /^ {2}'?([^':]+?)'?:/.exec(entry)?.[1];
    if (name === undefined || !/^\s+os: /m.test(entry)) continue;
    // An entry without `cpu:` (fsevents, for one) is for every cpu of its os.
    found.set(name, { os: list(entry, "os"), cpu: /^\s+cpu: /m.test(entry) ? list(entry, "cpu") : [] });
  }
  return found;
}

describe("pnpm-lock.yaml", () => {
  const workspace = readFileSync(join(repoRoot, "pnpm-workspace.yaml"), "utf8");
  const supported = workspace.slice(workspace.indexOf("supportedArchitectures:"));
  const packages = platformPackages(readFileSync(join(repoRoot, "pnpm-lock.yaml"), "utf8"));

  it("declares linux, darwin and win32 on x64 and arm64 as the supported architectures", () => {
    assert.deepEqual(list(supported, "os").sort(), ["darwin", "linux", "win32"]);
    assert.deepEqual(list(supported, "cpu").sort(), ["arm64", "x64"]);
  });

  // The native binaries a frozen install needs on each platform: buf (lint, breaking), turbo (every task),
  // esbuild (tsx, which runs the tests) and biome (`pnpm lint`, part of `pnpm test`).
  for (const [tool, prefix] of [
    ["buf", "@bufbuild/buf-"],
    ["turbo", "@turbo/"],
    ["esbuild", "@esbuild/"],
    ["biome", "@biomejs/cli-"],
  ] as const) {
    it(`resolves ${tool}'s native package for every supported os and cpu`, () => {
      const missing: string[] = [];
      for (const os of list(supported, "os")) {
        for (const cpu of list(supported, "cpu")) {
          const hit = [...packages].some(([name, p]) => name.startsWith(prefix) && p.os.includes(os) && (p.cpu.length === 0 || p.cpu.includes(cpu)));
          if (!hit) missing.push(`${os}-${cpu}`);
        }
      }
      assert.deepEqual(missing, [], `${tool} has no package for these platforms in pnpm-lock.yaml; run ./dev.sh exec pnpm install --fix-lockfile`);
    });
  }
});
