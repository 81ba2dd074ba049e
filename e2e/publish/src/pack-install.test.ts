// The pack-and-install test: every public package is packed with `pnpm pack`, and the tarballs (nothing else
// from the workspace) are installed with npm into a fresh project in the OS temp folder, where a user's
// program is type-checked and run against `polyrpc-server`, `polyrpc` generates stubs for a proto of its own,
// and the polyrpc-stubs wheel, in a clean virtualenv, calls the same server from Python; with the polyrpc wheel
// beside it, the README's serve-and-call example (TLS, a token, the limits file) runs in that virtualenv.
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { buildWheel, makeTestCertificates, toPythonVersion } from "@polyrpc/devkit";
import { pnpmCommand, publicPackages, repoRoot, run, runOk, userEnv, type PublicPackage } from "./workspace.js";

const fixture = join(dirname(fileURLToPath(import.meta.url)), "testdata", "project");
const repoPython = join(repoRoot, ".venv", "bin", "python");
// Registry packages the user's project adds itself: the compiler and Node's types for the type-check, and the
// protobuf runtime that generated TypeScript imports, and @grpc/grpc-js for the classic client's credentials (as
// @polyrpc/stubs-classic's README says). Same versions as the workspace, so the check means the same.
const rootManifest = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8"));
const registryDeps = [
  `typescript@${rootManifest.devDependencies.typescript}`,
  `@types/node@${rootManifest.devDependencies["@types/node"]}`,
  `@bufbuild/protobuf@${JSON.parse(readFileSync(join(repoRoot, "packages", "stubs", "package.json"), "utf8")).dependencies["@bufbuild/protobuf"]}`,
  `@grpc/grpc-js@${JSON.parse(readFileSync(join(repoRoot, "packages", "stubs-classic", "package.json"), "utf8")).dependencies["@grpc/grpc-js"]}`,
];
const dependencyFields = ["dependencies", "peerDependencies", "optionalDependencies", "devDependencies"] as const;

/** The file paths an `exports` map points at ("./dist/index.js", "./dist/gen/*.d.ts"), package.json left out. */
function exportTargets(exports: unknown): string[] {
  if (typeof exports === "string") return exports.endsWith("package.json") ? [] : [exports];
  if (typeof exports !== "object" || exports === null) return [];
  return Object.values(exports).flatMap(exportTargets);
}

describe("the packed packages, installed from their tarballs in a fresh project", () => {
  let temp: string;
  let project: string;
  let venvPython: string;
  let wheel: string;
  let runtimeWheel: string;
  let packages: PublicPackage[];
  const tarballs = new Map<string, string>();
  let server: ChildProcess | undefined;
  let target: string;
  const timings: string[] = [];

  const timed = async <T>(label: string, work: () => Promise<T>): Promise<T> => {
    const start = Date.now();
    try {
      return await work();
    } finally {
      timings.push(`${label} ${((Date.now() - start) / 1000).toFixed(1)}s`);
    }
  };
  const bin = (name: string) => join(project, "node_modules", ".bin", name);
  const env = (extra: Record<string, string> = {}) => userEnv(extra);
  const npx = async (args: string[], extra: Record<string, string> = {}) => {
    // --no: never download a `polyrpc` from the registry; only the one installed in the project counts.
    // `--` keeps npx from reading the command's own --help and --version.
    const result = await run("npx", ["--no", "--", ...args], { cwd: project, env: env(extra), timeoutMs: 120_000 });
    // npm's own warnings (about the machine's npm config) are not the command's output.
    return { ...result, stderr: result.stderr.replace(/^npm warn .*\n/gm, "") };
  };

  before(async () => {
    if (!existsSync(repoPython)) throw new Error(".venv is missing; run ./dev.sh first (it creates .venv)");
    temp = mkdtempSync(join(tmpdir(), "polyrpc-pack-install-"));
    project = join(temp, "project");
    cpSync(fixture, project, { recursive: true });
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "pack-install-check", private: true, type: "module" }, null, 2));

    packages = publicPackages();
    const tarballDir = join(temp, "tarballs");
    mkdirSync(tarballDir);
    const [pnpm, pnpmArgs] = pnpmCommand();
    await timed("pnpm pack", async () => {
      for (const pkg of packages) {
        const before = new Set(readdirSync(tarballDir));
        await runOk(pnpm, [...pnpmArgs, "pack", "--pack-destination", tarballDir], { cwd: pkg.dir, env: userEnv(), timeoutMs: 120_000 });
        const added = readdirSync(tarballDir).filter((f) => !before.has(f));
        assert.equal(added.length, 1, `pnpm pack of ${pkg.name} wrote one tarball, got ${added.join(", ")}`);
        tarballs.set(pkg.name, join(tarballDir, added[0]!));
      }
    });

    // The npm install and the Python side are independent and mostly wait on the network; overlap them.
    const npmInstall = timed("npm install", () =>
      runOk("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", ...tarballs.values(), ...registryDeps], {
        cwd: project,
        env: env(),
        timeoutMs: 600_000,
      }),
    );
    const pythonSetup = timed("wheel + venv", async () => {
      wheel = buildWheel(join(temp, "wheel"));
      runtimeWheel = buildWheel(join(temp, "wheel"), "grpc-py");
      await runOk(repoPython, ["-m", "venv", join(temp, "venv")], { env: env(), timeoutMs: 120_000 });
      venvPython = join(temp, "venv", "bin", "python");
      // Only the wheels: pip resolves their declared grpcio, grpcio-* and protobuf ranges from PyPI (or pip's cache).
      await runOk(venvPython, ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", wheel, runtimeWheel], { env: env(), timeoutMs: 600_000 });
    });
    await Promise.all([npmInstall, pythonSetup]);

    // The server from the installed @polyrpc/server bin, spawned directly so its pid is the server's.
    server = spawn(bin("polyrpc-server"), ["--host", "127.0.0.1", "--port", "0"], { cwd: project, env: env(), stdio: ["ignore", "pipe", "pipe"] });
    target = await timed("server start", () => listeningAddress(server!));
  });

  after(() => {
    if (server?.pid !== undefined && server.exitCode === null) process.kill(server.pid, "SIGKILL");
    if (temp !== undefined) rmSync(temp, { recursive: true, force: true });
    console.log(`pack-install timings: ${timings.join(", ")}`);
  });

  it("packs workspace:* dependencies as the real versions, and ships dist, types and a README with install and usage", async () => {
    const versions = new Map(packages.map((p) => [p.name, p.version]));
    for (const pkg of packages) {
      const listing = (await runOk("tar", ["-tzf", tarballs.get(pkg.name)!])).stdout.split("\n");
      for (const file of ["package/package.json", "package/README.md", "package/LICENSE"]) {
        assert.ok(listing.includes(file), `${pkg.name}'s tarball has ${file}`);
      }
      // Every file the exports map points at is in the tarball (a `*` pattern: at least one file it matches).
      const packed = JSON.parse((await runOk("tar", ["-xzOf", tarballs.get(pkg.name)!, "package/package.json"])).stdout);
      const targets = exportTargets(packed.exports);
      assert.ok(targets.some((t) => t.endsWith(".d.ts")) && targets.some((t) => t.endsWith(".js")), `${pkg.name} exports types and code`);
      for (const target of targets) {
        const pattern = new RegExp(
          `^package/${target
            .replace(/^\.\//, "")
            .replace(/[.+?^${}()|[\]\\]/g, "\\$&")
            .replace("*", ".+")}$`,
        );
        assert.ok(
          listing.some((f) => pattern.test(f)),
          `${pkg.name}'s tarball has ${target}`,
        );
      }
      assert.deepEqual(
        listing.filter((f) => /\.test\.|\/src\//.test(f)),
        [],
        `${pkg.name} ships no sources or tests`,
      );

      // The README npm shows: how to install this package, then at least one usage example.
      const readme = (await runOk("tar", ["-xzOf", tarballs.get(pkg.name)!, "package/README.md"])).stdout;
      assert.match(readme, new RegExp(`npm install (--save-dev )?${pkg.name.replace("/", "\\/")}\\b`), `${pkg.name}'s README says how to install it`);
      assert.ok((readme.match(/^```(ts|sh|console)$/gm) ?? []).length >= 2, `${pkg.name}'s README has install and usage blocks`);

      const manifest = packed;
      assert.equal(manifest.version, pkg.version);
      for (const field of dependencyFields) {
        for (const [dep, range] of Object.entries((manifest[field] ?? {}) as Record<string, string>)) {
          assert.ok(!range.startsWith("workspace:"), `${pkg.name} ${field}.${dep} is ${range}`);
          if (field === "dependencies" && versions.has(dep)) assert.equal(range, versions.get(dep), `${pkg.name} depends on ${dep}@${range}`);
        }
      }
    }
    const codegen = JSON.parse((await runOk("tar", ["-xzOf", tarballs.get("@polyrpc/codegen")!, "package/package.json"])).stdout);
    assert.deepEqual(codegen.peerDependenciesMeta, { "@polyrpc/client": { optional: true } });
  });

  it("installs the polyrpc packages from the tarballs and everything else from the registry", () => {
    const lock = JSON.parse(readFileSync(join(project, "package-lock.json"), "utf8"));
    const entries = Object.entries(lock.packages as Record<string, { resolved?: string; link?: boolean }>).filter(([path]) => path !== "");
    for (const pkg of packages) {
      const tarball = `file:../tarballs/${tarballs.get(pkg.name)!.split("/").pop()}`;
      assert.equal(lock.packages[`node_modules/${pkg.name}`]?.resolved, tarball, `${pkg.name} comes from its tarball`);
    }
    // A registry package's `resolved` is its https URL, or absent where npm is configured with
    // omit-lockfile-registry-resolved; anything linked or from another file would have come from the workspace.
    const fromElsewhere = entries.filter(([, e]) => e.link === true || (e.resolved !== undefined && !/^(https:\/\/|file:\.\.\/tarballs\/)/.test(e.resolved)));
    assert.deepEqual(fromElsewhere, [], "no package is linked or comes from anywhere but the registry and the tarballs");
    assert.equal(entries.filter(([, e]) => e.resolved?.startsWith("file:")).length, packages.length);
  });

  it("runs `polyrpc --help` and `polyrpc --version` from the installed codegen", async () => {
    const help = await npx(["polyrpc", "--help"]);
    assert.equal(help.code, 0, help.stderr);
    assert.match(help.stdout, /^Usage: polyrpc <command> \[options\]/);
    for (const command of ["gen", "lint", "breaking", "call", "demo"]) assert.match(help.stdout, new RegExp(`^  ${command} `, "m"));
    const version = await npx(["polyrpc", "--version"]);
    assert.equal(version.code, 0, version.stderr);
    assert.equal(version.stdout, `@polyrpc/codegen ${packages.find((p) => p.name === "@polyrpc/codegen")!.version}\n`);
    const serverHelp = await npx(["polyrpc-server", "--help"]);
    assert.equal(serverHelp.code, 0, serverHelp.stderr);
    assert.match(serverHelp.stdout, /--port/);
  });

  it("serves gRPC-web with the installed polyrpc-web in front of polyrpc-server", async () => {
    const gateway = spawn(bin("polyrpc-web"), ["--backend", target, "--port", "0"], { cwd: project, env: env(), stdio: ["ignore", "pipe", "pipe"] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = "";
        const timer = setTimeout(() => reject(new Error(`polyrpc-web printed no address within 30 s: ${out}`)), 30_000);
        gateway.stdout!.on("data", (d: Buffer) => {
          out += d.toString();
          const match = /^gRPC-web on (http:\/\/127\.0\.0\.1:\d+)$/m.exec(out);
          if (match !== null) {
            clearTimeout(timer);
            resolve(match[1]!);
          }
        });
      });
      // HelloRequest{name: "web"} as one gRPC-web frame: flag 0, length 5, then field 1 "web".
      const body = Buffer.from([0, 0, 0, 0, 5, 0x0a, 3, ...Buffer.from("web")]);
      const response = await fetch(`${url}/Greeter/SayHello`, { method: "POST", headers: { "content-type": "application/grpc-web+proto" }, body });
      const bytes = Buffer.from(await response.arrayBuffer());
      assert.equal(response.headers.get("content-type"), "application/grpc-web+proto");
      assert.ok(bytes.includes(Buffer.from("Hello, web")), bytes.toString("latin1"));
      assert.ok(bytes.includes(Buffer.from("grpc-status: 0\r\n")), bytes.toString("latin1"));
    } finally {
      gateway.kill("SIGKILL");
    }
  });

  it("generates TypeScript and Python stubs for the project's own proto with `polyrpc gen`", async () => {
    // POLYRPC_PYTHON: the repository's .venv has grpcio-tools and mypy-protobuf; the project itself has no Python toolchain.
    const gen = await npx(["polyrpc", "gen"], { POLYRPC_PYTHON: repoPython });
    assert.equal(gen.code, 0, gen.stderr);
    assert.match(gen.stdout, /^polyrpc: wrote 1 ts files to src\/gen$/m);
    assert.match(gen.stdout, /^polyrpc: wrote 8 python files to py\/sample_stubs$/m);
    assert.ok(existsSync(join(project, "src", "gen", "echo", "v1", "echo_pb.ts")));
    for (const file of [
      "__init__.py",
      "echo/__init__.py",
      "echo/v1/__init__.py",
      "echo/v1/echo_pb2.py",
      "echo/v1/echo_pb2.pyi",
      "echo/v1/echo_pb2_grpc.py",
      "echo/v1/echo_pb2_grpc.pyi",
    ]) {
      assert.ok(existsSync(join(project, "py", "sample_stubs", file)), `py/sample_stubs/${file} was generated`);
    }
    // The Python output compiles and imports in the clean venv (grpcio and protobuf from the wheel's deps only).
    const imported = await runOk(
      venvPython,
      [
        "-c",
        "from sample_stubs.echo.v1 import echo_pb2, echo_pb2_grpc; print(echo_pb2.EchoRequest(text='hi', times=2).SerializeToString().hex(), echo_pb2_grpc.EchoServiceStub.__name__)",
      ],
      { cwd: join(project, "py"), env: env() },
    );
    assert.equal(imported.stdout, "0a0268691002 EchoServiceStub\n");
  });

  it("sets up a new project with `polyrpc init`, then gen, lint, a type-check of the TS output and a Python import", async () => {
    // A subfolder, so the project's node_modules (the installed tarballs) resolve from it.
    const fresh = join(project, "fresh");
    mkdirSync(fresh);
    const inFresh = (args: string[], extra: Record<string, string> = {}) =>
      run("npx", ["--no", "--", ...args], { cwd: fresh, env: env(extra), timeoutMs: 120_000 }).then((r) => ({
        ...r,
        stderr: r.stderr.replace(/^npm warn .*\n/gm, ""),
      }));
    const made = await inFresh(["polyrpc", "init"]);
    assert.equal(made.code, 0, made.stderr);
    assert.match(
      made.stdout,
      /^polyrpc: wrote polyrpc\.json, proto\/buf\.yaml, proto\/greeter\/v1\/greeter\.proto; created gen\/ts\/, gen\/python\/\nNext:\n {2}npx polyrpc gen .*\n {2}npx polyrpc lint .*\n {2}npx polyrpc list .*\n$/,
    );
    const again = await inFresh(["polyrpc", "init"]);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /^polyrpc: init: polyrpc\.json, proto\/buf\.yaml, proto\/greeter\/v1\/greeter\.proto already exist in /);

    const gen = await inFresh(["polyrpc", "gen"], { POLYRPC_PYTHON: repoPython });
    assert.equal(gen.code, 0, gen.stderr);
    assert.equal(
      gen.stdout,
      "polyrpc: wrote 1 ts files to gen/ts/proto\npolyrpc: wrote 8 python files to gen/python/fresh_stubs\npolyrpc: wrote gen/ts/index.ts\n",
    );
    assert.deepEqual(await inFresh(["polyrpc", "lint"]), { code: 0, stdout: "polyrpc: lint found no problems\n", stderr: "" });
    const listed = await inFresh(["polyrpc", "list", "--proto", "greeter/v1/greeter.proto", "-I", "proto"], { POLYRPC_PYTHON: repoPython });
    assert.deepEqual(listed, { code: 0, stdout: "greeter.v1.GreeterService\n", stderr: "" });

    writeFileSync(
      join(fresh, "use.ts"),
      'import { create, toJsonString } from "@bufbuild/protobuf";\n' +
        'import { GreeterService, SayHelloStreamResponseSchema } from "./gen/ts/index.js";\n' +
        'console.log(GreeterService.typeName, toJsonString(SayHelloStreamResponseSchema, create(SayHelloStreamResponseSchema, { message: "hi", sequence: 2n ** 40n })));\n',
    );
    writeFileSync(
      join(fresh, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: { strict: true, module: "NodeNext", moduleResolution: "NodeNext", target: "ES2022", outDir: "dist", types: ["node"] },
        include: ["use.ts", "gen/ts"],
      }),
    );
    writeFileSync(join(fresh, "package.json"), JSON.stringify({ type: "module", private: true }));
    const tsc = await run(bin("tsc"), ["-p", "tsconfig.json"], { cwd: fresh, env: env(), timeoutMs: 300_000 });
    assert.equal(tsc.code, 0, `tsc failed:\n${tsc.stdout}${tsc.stderr}`);
    const used = await runOk(process.execPath, [join(fresh, "dist", "use.js")], { cwd: fresh, env: env() });
    assert.equal(used.stdout, 'greeter.v1.GreeterService {"message":"hi","sequence":"1099511627776"}\n');
    const imported = await runOk(
      venvPython,
      ["-c", "from fresh_stubs.greeter.v1 import greeter_pb2, greeter_pb2_grpc; print(greeter_pb2_grpc.GreeterServiceStub.__name__)"],
      {
        cwd: join(fresh, "gen", "python"),
        env: env(),
      },
    );
    assert.equal(imported.stdout, "GreeterServiceStub\n");
  });

  it("type-checks and runs a program that uses every package's API, against polyrpc-server", async () => {
    const tsc = await timed("tsc", () => run(bin("tsc"), ["-p", "tsconfig.json"], { cwd: project, env: env(), timeoutMs: 300_000 }));
    assert.equal(tsc.code, 0, `tsc failed:\n${tsc.stdout}${tsc.stderr}`);
    const program = await runOk(process.execPath, [join(project, "dist", "main.js"), target], { cwd: project, env: env(), timeoutMs: 60_000 });
    assert.deepEqual(JSON.parse(program.stdout), {
      hello: "Hello, tarball",
      features: ["Berkshire Valley Management Area Trail, Jefferson, NJ, USA"],
      feature: "Berkshire Valley Management Area Trail, Jefferson, NJ, USA",
      greeting: "Hello, grpc",
      reversed: "INVALID_ARGUMENT invalid range: start_date 2023-12-31 is after end_date 2023-01-01",
      echo: "GENERATEDGENERATED",
      invalid: "INVALID_ARGUMENT invalid times: 0",
      distance: 14570,
      pointRoundTrip: 2,
      classic: "Berkshire Valley Management Area Trail, Jefferson, NJ, USA",
      configFile: "polyrpc.json",
      pythonPackage: "sample_stubs",
    });
  });

  it("calls polyrpc-server with `polyrpc call`, which loads the installed @polyrpc/client", async () => {
    const hello = await npx(["polyrpc", "call", target, "Greeter/SayHello", '{"name": "npx"}']);
    assert.equal(hello.code, 0, hello.stderr);
    assert.deepEqual(JSON.parse(hello.stdout), { message: "Hello, npx" });
    const feature = await npx(["polyrpc", "call", target, "routeguide.RouteGuide/GetFeature", '{"latitude": 409146138, "longitude": -746188906}']);
    assert.equal(feature.code, 0, feature.stderr);
    assert.deepEqual(JSON.parse(feature.stdout), {
      name: "Berkshire Valley Management Area Trail, Jefferson, NJ, USA",
      location: { latitude: 409146138, longitude: -746188906 },
    });
  });

  it("tells how to install @polyrpc/client when `polyrpc call` runs without it (it is an optional peer)", async () => {
    const client = join(project, "node_modules", "@polyrpc", "client");
    const aside = join(temp, "client-aside");
    renameSync(client, aside);
    try {
      const call = await npx(["polyrpc", "call", target, "Greeter/SayHello", "{}"]);
      assert.equal(call.code, 1);
      assert.equal(call.stdout, "");
      assert.equal(call.stderr, "polyrpc: call needs @polyrpc/client: install it with npm i -D @polyrpc/client\n");
    } finally {
      renameSync(aside, client);
    }
  });

  it("calls the TypeScript server from Python with the polyrpc-stubs wheel in a clean virtualenv", async () => {
    const stubs = packages.find((p) => p.name === "@polyrpc/stubs")!;
    assert.equal(wheel.split("/").pop(), `polyrpc_stubs-${toPythonVersion(stubs.version)}-py3-none-any.whl`, "the wheel has @polyrpc/stubs' version");
    const frozen = (await runOk(venvPython, ["-m", "pip", "list", "--format=freeze", "--disable-pip-version-check"], { env: env() })).stdout;
    const names = frozen
      .split("\n")
      .filter(Boolean)
      .map((line) => line.split("==")[0]!.toLowerCase().replace(/_/g, "-"));
    // typing-extensions is grpcio's own dependency; pip (and setuptools on older Pythons) come with every venv.
    // The grpcio-* add-ons and googleapis-common-protos (grpcio-status's) are the polyrpc wheel's dependencies.
    assert.deepEqual(names.filter((n) => !["pip", "setuptools", "typing-extensions"].includes(n)).sort(), [
      "googleapis-common-protos",
      "grpcio",
      "grpcio-health-checking",
      "grpcio-reflection",
      "grpcio-status",
      "polyrpc",
      "polyrpc-stubs",
      "protobuf",
    ]);

    // From the temp folder, so `polyrpc_stubs` can only come from the installed wheel.
    const call = await runOk(venvPython, [join(project, "call_server.py"), target], { cwd: temp, env: env(), timeoutMs: 60_000 });
    assert.deepEqual(JSON.parse(call.stdout), {
      hello: "Hello, wheel",
      feature: "Berkshire Valley Management Area Trail, Jefferson, NJ, USA",
      summary: [2, 2, 14570],
      reversed: "INVALID_ARGUMENT invalid range: start_date 2023-12-31 is after end_date 2023-01-01",
    });
  });

  it("runs the polyrpc wheel's README example (TLS, a bearer token, the limits file) in the same virtualenv", async () => {
    const stubs = packages.find((p) => p.name === "@polyrpc/stubs")!;
    assert.equal(runtimeWheel.split("/").pop(), `polyrpc-${toPythonVersion(stubs.version)}-py3-none-any.whl`, "the wheel has the npm packages' version");
    const readme = readFileSync(join(repoRoot, "packages", "grpc-py", "README.md"), "utf8");
    const code = /```python\n([\s\S]*?)```/.exec(readme)![1]!;
    const expected = [...code.matchAll(/print\(.*\)  # (.+)$/gm)].map((m) => m[1]);
    const dir = join(temp, "readme");
    mkdirSync(dir);
    // The README's file names are the ones makeTestCertificates writes: ca.crt, server.crt, server.key.
    const certs = makeTestCertificates(dir);
    assert.deepEqual(
      [certs.ca, certs.serverCert, certs.serverKey],
      ["ca.crt", "server.crt", "server.key"].map((f) => join(dir, f)),
    );
    writeFileSync(join(dir, "tokens.txt"), "wheel-token-41d2\n");
    writeFileSync(join(dir, "limits.json"), '{"maxReceiveMessageBytes": 1048576, "methodTimeoutsMs": {"Greeter": 5000}}\n');
    writeFileSync(join(dir, "example.py"), code);
    // From its own folder, so `polyrpc` and `polyrpc_stubs` can only come from the installed wheels.
    const result = await runOk(venvPython, ["example.py"], { cwd: dir, env: env(), timeoutMs: 60_000 });
    assert.deepEqual(result.stdout.split("\n").filter(Boolean), expected);
    assert.equal(expected.length, 2);
  });
});

/** Resolves with the `host:port` the server prints once it listens; rejects if it exits or takes over 60 s. */
function listeningAddress(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error(`polyrpc-server did not print "listening on" within 60 s:\n${output}`)), 60_000);
    const onData = (data: Buffer) => {
      output += data.toString("utf8");
      const match = /listening on (\S+:\d+)/.exec(output);
      if (match !== null) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`polyrpc-server exited with ${code} before listening:\n${output}`));
    });
  });
}
