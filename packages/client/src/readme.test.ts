import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { run } from "./testdata/run-command.js";
import { startSeedServer, type SeedServer } from "./testdata/seed-server.js";

const packageDir = fileURLToPath(new URL("..", import.meta.url));
const readmeTarget = "127.0.0.1:50051";

/** The fenced blocks of the README, with their language. */
async function readmeBlocks(): Promise<{ lang: string; body: string }[]> {
  const readme = await readFile(join(packageDir, "README.md"), "utf8");
  return [...readme.matchAll(/^```(\w*)\n(.*?)^```$/gms)].map((m) => ({ lang: m[1]!, body: m[2]! }));
}

/** Splits a shell line of words and single-quoted strings (all the README uses) into arguments. */
function shellWords(line: string): string[] {
  return [...line.matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2]!);
}

describe("README", () => {
  let seed: SeedServer;
  let dir: string;
  before(async () => {
    seed = await startSeedServer();
    dir = await mkdtemp(join(tmpdir(), "polyrpc-readme-"));
  });
  after(async () => {
    await seed.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("runs the createSeedClients example and prints what it shows", async () => {
    const blocks = await readmeBlocks();
    const index = blocks.findIndex((b) => b.lang === "ts");
    const code = blocks[index]!.body.replace('"@polyrpc/client"', JSON.stringify(pathToFileURL(join(packageDir, "src/index.ts")).href)).replace(
      readmeTarget,
      seed.target,
    );
    // .mts: the temporary folder has no package.json saying "type": "module", and the example uses top-level await.
    const file = join(dir, "example.mts");
    await writeFile(file, code);
    const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", file], { cwd: packageDir });
    assert.equal(stdout, blocks[index + 1]!.body);
  });

  it("shows the exact output of every polyrpc command in its console blocks", async () => {
    const commands = (await readmeBlocks())
      .filter((b) => b.lang === "console")
      .flatMap((b) => b.body.split(/^\$ /m).slice(1))
      .map((chunk) => {
        const newline = chunk.indexOf("\n");
        return { line: chunk.slice(0, newline), output: chunk.slice(newline + 1) };
      });
    assert.equal(commands.length, 11);
    for (const { line, output } of commands) {
      // `printf '<stdin>' | polyrpc ...` or `polyrpc ...`
      const pipe = /^printf '([^']*)' \| (.*)$/.exec(line);
      const [polyrpc, command, ...argv] = shellWords((pipe?.[2] ?? line).replace(readmeTarget, seed.target));
      assert.equal(polyrpc, "polyrpc");
      const stdin = pipe?.[1]?.replace(/\\n/g, "\n");
      const r = await run(command!, argv, { stdin, cwd: dir });
      assert.equal(r.stdout + r.stderr, output, line);
      assert.equal(r.code, output.startsWith("polyrpc: ") ? 1 : 0, line);
    }
  });

  it("lists commands that run", async () => {
    const sh = (await readmeBlocks()).filter((b) => b.lang === "sh").flatMap((b) => b.body.split("\n"));
    const demos = sh.filter((l) => l.startsWith("polyrpc demo "));
    assert.equal(demos.length, 4);
    for (const line of demos) {
      const [, command, ...argv] = shellWords(line.replace(readmeTarget, seed.target));
      const r = await run(command!, argv, { cwd: dir });
      assert.equal(r.code, 0, `${line}: ${r.stderr}`);
      assert.ok(r.stdout.length > 0, line);
    }
  });
});
