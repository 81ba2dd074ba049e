import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { createClient } from "@polyrpc/grpc";
import { Greeter } from "@polyrpc/stubs";

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

  it("rejects a bad --port with a clear message and exit 1", async () => {
    const { line, stderr } = await start(["--port", "http"]);
    assert.match(line, /^exited 1/);
    assert.match(stderr(), /^polyrpc-server: --port http: not a port number \(0-65535\)/);
  });

  it("rejects an unknown option, naming it", async () => {
    const { line, stderr } = await start(["--prot", "1"]);
    assert.match(line, /^exited 1/);
    assert.match(stderr(), /polyrpc-server: Unknown option '--prot'/);
  });
});
