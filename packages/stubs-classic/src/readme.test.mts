// Runs the README's examples (the CommonJS client and the TypeScript one) and checks that they print what the
// README shows. They require the package by its name, which Node resolves to this package itself (its
// `exports`), so they run against the built dist as an installed copy would.
import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { execFile } from "node:child_process";
import { readdirSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
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

describe("the package's entry points", () => {
  // Resolved from inside the package, by its name, as an installed copy is: through `exports` to dist.
  const require = createRequire(join(packageDir, "package.json"));

  it("have no root entry, as grpc-tools' output has none", () => {
    assert.throws(() => require("@polyrpc/stubs-classic"), { code: "ERR_PACKAGE_PATH_NOT_EXPORTED" });
  });

  it("include every generated module by its path below the package name, with nothing listed by hand", () => {
    const modules = readdirSync(join(packageDir, "src", "gen"), { recursive: true, encoding: "utf8" })
      .filter((f) => f.endsWith(".js"))
      .map((f) => f.split("\\").join("/").replace(/\.js$/, ""))
      .sort();
    assert.ok(modules.includes("routeguide/route_guide_grpc_pb"), modules.join(", "));
    assert.deepEqual(Object.keys(require("@polyrpc/stubs-classic/routeguide/route_guide_grpc_pb") as object), ["RouteGuideService", "RouteGuideClient"]);
    for (const module of modules) {
      const loaded = require(`@polyrpc/stubs-classic/${module}`) as Record<string, unknown>;
      if (module.endsWith("_grpc_pb")) {
        // Every service of the file as a definition and a client constructor (none for a file without services).
        const services = Object.keys(loaded).filter((k) => k.endsWith("Service"));
        for (const service of services) assert.equal(typeof loaded[service.replace(/Service$/, "Client")], "function", `${module}: ${service}`);
      } else {
        assert.ok(
          Object.values(loaded).some((v) => typeof v === "function" && typeof (v as { deserializeBinary?: unknown }).deserializeBinary === "function"),
          `${module} exports message classes`,
        );
      }
    }
  });
});
