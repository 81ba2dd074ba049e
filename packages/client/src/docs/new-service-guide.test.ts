// Runs every block of docs/new-service.md, in order, in a fresh project: the files it shows are written, the
// `sh` commands run, the servers start on 127.0.0.1 port 0 (the guide's 50051 and 50052 are replaced by the
// ports they got), and each command's printed output is compared with the block that shows it.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { after, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { repoRoot, startListening, type ListeningProcess } from "@polyrpc/devkit";
import { run } from "../testdata/run-command.js";

const packageDir = fileURLToPath(new URL("../..", import.meta.url));
const guidePath = join(repoRoot, "docs", "new-service.md");
const python = join(repoRoot, ".venv", "bin", "python");
// @polyrpc/codegen (the `polyrpc` bin) is the workspace root's dev dependency; this package cannot depend on
// it, because codegen has this package as an optional peer.
const polyrpcBin = join(dirname(createRequire(join(repoRoot, "package.json")).resolve("@polyrpc/codegen/package.json")), "bin", "polyrpc.js");

/** The fenced blocks of the guide, in order, with their language. */
function blocks(): { lang: string; body: string }[] {
  return [...readFileSync(guidePath, "utf8").matchAll(/^```(\w*)\n(.*?)^```$/gms)].map((m) => ({ lang: m[1]!, body: m[2]! }));
}

/** Shell words: plain words and single-quoted strings, all the guide uses. */
function shellWords(line: string): string[] {
  return [...line.matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2]!);
}

/** Starts a server command, resolving once it prints "listening on <target>"; bounded at 60 s, killed by pid after. */
function startServer(command: string, args: string[], cwd: string, env: Record<string, string>): Promise<ListeningProcess> {
  return startListening(command, args, {
    label: args.join(" "),
    portPattern: /^listening on (127\.0\.0\.1:\d+)$/,
    timeoutMs: 60_000,
    cwd,
    env: { ...process.env, ...env },
    graceMs: 0,
  });
}

describe("docs/new-service.md", () => {
  const servers: ListeningProcess[] = [];
  // Inside this package, so the project resolves @polyrpc/grpc, @bufbuild/protobuf and tsx as after the
  // guide's `npm install`.
  const project = mkdtempSync(join(packageDir, ".guide-test-"));
  after(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    rmSync(project, { recursive: true, force: true });
  });

  it("runs every block against a TypeScript and a Python server and prints what it shows", async () => {
    const all = blocks();
    const targets = new Map<string, string>();
    const withTargets = (text: string) => text.replace(/127\.0\.0\.1:5005[12]/g, (t) => targets.get(t) ?? t);
    const pythonEnv = { PYTHONPATH: join(project, "gen", "python"), POLYRPC_PYTHON: python };
    let ran = 0;
    for (let i = 0; i < all.length; i++) {
      const { lang, body } = all[i]!;
      const path = /^(?:\/\/|#) ([\w./-]+\.(?:proto|ts|py))\n/.exec(body)?.[1];
      if (path !== undefined) {
        mkdirSync(dirname(join(project, path)), { recursive: true });
        writeFileSync(join(project, path), body);
        continue;
      }
      if (lang === "sh") {
        for (const line of body.split("\n").filter((l) => l.trim() !== "")) {
          const words = shellWords(line);
          ran++;
          if (words[0] === "npm") {
            // The workspace provides these packages (see `project` above); the registry is not asked.
            assert.deepEqual(words.slice(0, 2), ["npm", "install"], line);
          } else if (words[0] === "npx" && words[1] === "polyrpc") {
            const r = spawnSync(process.execPath, [polyrpcBin, ...words.slice(2)], {
              cwd: project,
              env: { ...process.env, ...pythonEnv },
              encoding: "utf8",
              timeout: 120_000,
            });
            assert.equal(r.status, 0, `${line}: ${r.stderr}`);
          } else if (line.includes("server.")) {
            const guidePort = words.at(-1)!;
            const isPython = line.includes("python3");
            const server = await startServer(
              isPython ? python : process.execPath,
              isPython ? ["server.py", "0"] : ["--import", "tsx", "server.ts", "0"],
              project,
              pythonEnv,
            );
            servers.push(server);
            targets.set(`127.0.0.1:${guidePort}`, server.target);
          } else if (line.includes("client.")) {
            const isPython = line.includes("python3");
            const target = withTargets(words.at(-1)!);
            const r = spawnSync(isPython ? python : process.execPath, isPython ? ["client.py", target] : ["--import", "tsx", "client.ts", target], {
              cwd: project,
              env: { ...process.env, ...pythonEnv },
              encoding: "utf8",
              timeout: 60_000,
            });
            assert.equal(r.status, 0, `${line}: ${r.stderr}`);
            const shown = all[i + 1]!;
            assert.equal(shown.lang, "text", `the block after ${line} shows its output`);
            assert.equal(r.stdout, shown.body, line);
          } else {
            assert.fail(`the test does not know how to run ${JSON.stringify(line)}`);
          }
        }
      }
      if (lang === "console") {
        for (const chunk of body.split(/^\$ /m).slice(1)) {
          const newline = chunk.indexOf("\n");
          const line = chunk.slice(0, newline);
          const output = chunk.slice(newline + 1);
          const pipe = /^printf '([^']*)' \| (.*)$/.exec(line);
          const [npx, polyrpc, command, ...argv] = shellWords(withTargets(pipe?.[2] ?? line));
          assert.deepEqual([npx, polyrpc], ["npx", "polyrpc"], line);
          const r = await run(command!, argv, { stdin: pipe?.[1]?.replace(/\\n/g, "\n"), cwd: project });
          assert.equal(withTargets(r.stdout + r.stderr), withTargets(output), line);
          assert.equal(r.code, output.startsWith("polyrpc: ") ? 1 : 0, line);
          ran++;
        }
      }
    }
    assert.equal(targets.size, 2, "both servers ran");
    assert.equal(ran, 8 + 8, "every command of the guide ran");
  });
});
