import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { createClient } from "@polyrpc/grpc";
import { Greeter } from "@polyrpc/stubs";
import type { Metadata } from "@grpc/grpc-js";

const bin = join(fileURLToPath(import.meta.url), "..", "..", "bin", "polyrpc-server.js");
const started: number[] = [];
after(() => {
  for (const pid of started) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // Already gone: the test stopped it.
    }
  }
});

/** Starts polyrpc-server and resolves with its process and the first stdout line. */
async function start(args: string[]) {
  const child = spawn(process.execPath, [bin, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  started.push(child.pid!);
  let out = "";
  let err = "";
  child.stderr.on("data", (d: Buffer) => (err += d.toString()));
  const line = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no output within 20 s; stderr: ${err}`)), 20_000);
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      if (out.includes("\n")) {
        clearTimeout(timer);
        resolve(out.split("\n")[0]!);
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve(`exited ${code}: ${err}`);
    });
  });
  return { child, line, stderr: () => err };
}

describe("polyrpc-server", () => {
  it("prints the port it got for --port 0, serves, and exits 0 on SIGTERM", async () => {
    const { child, line } = await start(["--host", "127.0.0.1", "--port", "0"]);
    const match = /^listening on 127\.0\.0\.1:(\d+)$/.exec(line);
    assert.ok(match, `unexpected first line: ${line}`);
    const reply = await createClient(Greeter, `127.0.0.1:${match[1]}`).sayHello({ name: "cli" });
    assert.equal(reply.message, "Hello, cli");
    child.kill("SIGTERM");
    const [code] = await once(child, "exit");
    assert.equal(code, 0);
  });

  it("echoes the interop test headers with --interop, on unary calls", async () => {
    const { child, line } = await start(["--port", "0", "--interop"]);
    const port = /:(\d+)$/.exec(line)?.[1];
    let headers: Metadata | undefined;
    let trailers: Metadata | undefined;
    await createClient(Greeter, `127.0.0.1:${port}`).sayHello(
      { name: "metadata" },
      {
        metadata: { "x-grpc-test-echo-initial": "test_initial_metadata_value", "x-grpc-test-echo-trailing-bin": new Uint8Array([0xab, 0xab, 0xab]) },
        onHeader: (m) => (headers = m),
        onTrailer: (m) => (trailers = m),
      },
    );
    assert.deepEqual(headers?.get("x-grpc-test-echo-initial"), ["test_initial_metadata_value"]);
    assert.deepEqual([...((trailers?.get("x-grpc-test-echo-trailing-bin")[0] as Buffer | undefined) ?? [])], [0xab, 0xab, 0xab]);
    child.kill("SIGTERM");
    await once(child, "exit");
  });

  it("rejects a bad --port with a clear message and exit 1", async () => {
    const { line, stderr } = await start(["--port", "http"]);
    assert.match(line, /^exited 1/);
    assert.match(stderr(), /^polyrpc-server: --port http: not a port number \(0-65535\)/);
  });

  it("rejects an unknown option, naming it, and suggests the option a typo is close to", async () => {
    const bogus = await start(["--bogus"]);
    assert.match(bogus.line, /^exited 1/);
    assert.equal(bogus.stderr(), "polyrpc-server: unknown option --bogus (see polyrpc-server --help)\n");
    const typo = await start(["--prot", "1"]);
    assert.match(typo.line, /^exited 1/);
    assert.equal(typo.stderr(), "polyrpc-server: unknown option --prot; did you mean --port? (see polyrpc-server --help)\n");
  });

  it("rejects half-given TLS flags, unreadable files and a bad config, naming the option", async () => {
    const cases: [string[], string][] = [
      [["--tls-key", "k.pem"], "polyrpc-server: --tls-key given without --tls-cert\n"],
      [["--tls-cert", "c.pem"], "polyrpc-server: --tls-cert given without --tls-key\n"],
      [["--tls-ca", "ca.pem"], "polyrpc-server: --tls-ca given without --tls-cert and --tls-key\n"],
      [["--tls-cert", "/nonexistent/c.pem", "--tls-key", "/nonexistent/k.pem"], "polyrpc-server: cannot read tls cert /nonexistent/c.pem: ENOENT"],
      [["--auth-token-file", "/nonexistent/tokens"], "polyrpc-server: --auth-token-file /nonexistent/tokens: cannot read it: ENOENT"],
      [["--config", "/nonexistent/limits.json"], "polyrpc-server: config /nonexistent/limits.json: cannot read it: ENOENT"],
    ];
    const runs = await Promise.all(cases.map(([args]) => start(["--port", "0", ...args])));
    for (const [i, run] of runs.entries()) {
      assert.match(run.line, /^exited 1/, cases[i]![0].join(" "));
      assert.ok(run.stderr().startsWith(cases[i]![1]), `${cases[i]![0].join(" ")}: ${run.stderr()}`);
    }
  });
});
