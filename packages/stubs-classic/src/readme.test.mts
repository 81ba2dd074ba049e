// Runs the README's examples (the CommonJS client and the TypeScript one) and checks that they print what the
// README shows. They require the package by its name, which Node resolves to this package itself (its
// `exports`), so they run against the built dist as an installed copy would.
import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { execFile } from "node:child_process";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { startServer } from "./testdata/start-server.mjs";

const packageDir = fileURLToPath(new URL("..", import.meta.url));
// Inside the package, so the examples resolve `@polyrpc/stubs-classic` to it; .readme-*/ is git-ignored.
const scratch = join(packageDir, ".readme-examples");

async function readmeBlocks(): Promise<{ lang: string; body: string }[]> {
  const readme = await readFile(join(packageDir, "README.md"), "utf8");
  return [...readme.matchAll(/^```(\w*)\n(.*?)^```$/gms)].map((m) => ({ lang: m[1]!, body: m[2]! }));
}

describe("README", () => {
  let server: { child: ChildProcess; target: string } | undefined;
  before(async () => {
    server = await startServer();
    await mkdir(scratch, { recursive: true });
  });
  after(async () => {
    if (server?.child.pid !== undefined && server.child.exitCode === null) process.kill(server.child.pid, "SIGKILL");
    await rm(scratch, { recursive: true, force: true });
  });

  for (const [lang, file, args] of [
    ["js", "example.cjs", []],
    ["ts", "example.mts", ["--import", "tsx"]],
  ] as const) {
    it(`runs the ${lang} example and prints what the README shows`, async () => {
      const blocks = await readmeBlocks();
      const index = blocks.findIndex((b) => b.lang === lang);
      assert.notEqual(index, -1);
      assert.equal(blocks[index + 1]?.lang, "console");
      await writeFile(join(scratch, file), blocks[index]!.body.replace("127.0.0.1:50051", server!.target));
      const { stdout } = await promisify(execFile)(process.execPath, [...args, join(scratch, file)], { cwd: packageDir, timeout: 30_000 });
      assert.equal(stdout, blocks[index + 1]!.body);
    });
  }
});
