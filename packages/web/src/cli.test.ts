import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { after, before, describe, it } from "node:test";
import { createClient } from "@connectrpc/connect";
import { createGrpcWebTransport } from "@connectrpc/connect-web";
import { Greeter } from "@polyrpc/stubs";
import { startTsBackend, type Backend } from "./testdata/backends.js";

const bin = fileURLToPath(new URL("../bin/polyrpc-web.js", import.meta.url));

/** Runs polyrpc-web to completion (for option errors, --help and --version). */
function run(args: string[]) {
  return spawnSync(process.execPath, [bin, ...args], { encoding: "utf8", timeout: 20_000 });
}

describe("polyrpc-web", () => {
  let backend: Backend;
  before(async () => (backend = await startTsBackend()));
  after(() => backend?.stop());

  it("prints gRPC-web on http://HOST:PORT, forwards calls, and exits 0 on SIGTERM", { timeout: 30_000 }, async () => {
    const child = spawn(process.execPath, [bin, "--backend", backend.target, "--port", "0", "--allow-origin", "http://127.0.0.1:5173"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = "";
        const timer = setTimeout(() => reject(new Error(`no address within 20 s: ${out}`)), 20_000);
        child.stdout.on("data", (d: Buffer) => {
          out += d.toString();
          const match = /^gRPC-web on (http:\/\/127\.0\.0\.1:\d+)\n/.exec(out);
          if (match !== null) {
            clearTimeout(timer);
            resolve(match[1]!);
          }
        });
      });
      const reply = await createClient(Greeter, createGrpcWebTransport({ baseUrl: url })).sayHello({ name: "cli" });
      assert.equal(reply.message, "Hello, cli");
      const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
      child.kill("SIGTERM");
      assert.equal(await exited, 0);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    }
  });

  it("says what is wrong with its options on stderr and exits 1", () => {
    const cases: [string[], string][] = [
      [[], "polyrpc-web: --backend HOST:PORT is required (see polyrpc-web --help)\n"],
      [["--backend", "nowhere"], 'polyrpc-web: invalid backend "nowhere": expected HOST:PORT\n'],
      [["--backend", "127.0.0.1:1", "--port", "x"], "polyrpc-web: --port x: not a port number (0-65535)\n"],
      [
        ["--backend", "127.0.0.1:1", "--allow-origin", "http://a.test/path"],
        "polyrpc-web: --allow-origin http://a.test/path: expected scheme://host[:port] (no path) or *\n",
      ],
      [["--backend", "127.0.0.1:1", "--tls-cert", "c.pem"], "polyrpc-web: --tls-cert given without --tls-key\n"],
      [["--backend", "127.0.0.1:1", "--backend-key", "k.pem"], "polyrpc-web: --backend-key given without --backend-cert\n"],
      [
        ["--backend", "127.0.0.1:1", "--tls-cert", "/nonexistent/c.pem", "--tls-key", "k.pem"],
        "polyrpc-web: --tls-cert /nonexistent/c.pem: cannot read it: ENOENT: no such file or directory, open '/nonexistent/c.pem'\n",
      ],
      [["--bogus"], "polyrpc-web: unknown option --bogus (see polyrpc-web --help)\n"],
      [["--backend-tsl"], "polyrpc-web: unknown option --backend-tsl; did you mean --backend-tls? (see polyrpc-web --help)\n"],
      [["--backend"], "polyrpc-web: --backend needs a value (see polyrpc-web --help)\n"],
      [["--backend-tls=yes"], 'polyrpc-web: --backend-tls takes no value, got "yes" (see polyrpc-web --help)\n'],
      [["--backend", "--port"], 'polyrpc-web: --backend needs a value, got "--port"; write --backend=--port if that is the value (see polyrpc-web --help)\n'],
      [["127.0.0.1:1"], 'polyrpc-web: unexpected argument "127.0.0.1:1"; this command takes no positional arguments (see polyrpc-web --help)\n'],
    ];
    for (const [args, stderr] of cases) {
      const result = run(args);
      assert.equal(result.stderr, stderr, args.join(" "));
      assert.equal(result.status, 1, args.join(" "));
    }
  });

  it("lists every option in --help and prints its version", () => {
    const help = run(["--help"]);
    assert.equal(help.status, 0);
    for (const option of ["--backend", "--host", "--port", "--allow-origin", "--tls-cert", "--tls-key", "--backend-ca", "--max-message-bytes"])
      assert.ok(help.stdout.includes(option), option);
    assert.match(run(["--version"]).stdout, /^@polyrpc\/web \d+\.\d+\.\d+\n$/);
  });
});
