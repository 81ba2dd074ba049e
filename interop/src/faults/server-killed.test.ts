// Fault: the server process is killed (SIGKILL, no goodbye) in the middle of a server stream. The client
// must end the stream with UNAVAILABLE promptly instead of hanging until its deadline.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Code, createChannel, createClient, RpcError } from "@polyrpc/grpc";
import { Contact } from "@polyrpc/stubs";
import { startServerProcess } from "../matrix/server-process.js";
import { startPythonPeer } from "./peer-process.js";

// The stream's deadline is 60 s; an answer within 5 s, even on a loaded 2-core machine, is the kernel's
// connection reset reaching the client, not the deadline.
const promptMs = 5000;

describe("server killed mid-stream", () => {
  it("a TypeScript client's Contact.getTask stream against the Python server ends with UNAVAILABLE within 5 s", { timeout: 60_000 }, async () => {
    const server = await startServerProcess("py");
    const channel = createChannel(server.target);
    try {
      let killedAt: number | undefined;
      let received = 0;
      const error = await (async () => {
        try {
          for await (const _task of createClient(Contact, channel).getTask({}, { timeoutMs: 60_000 })) {
            received++;
            if (killedAt === undefined) {
              killedAt = performance.now();
              process.kill(server.pid, "SIGKILL");
            }
          }
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      const elapsed = performance.now() - killedAt!;
      console.log(
        `ts client <- py server killed: ${error instanceof RpcError ? `${Code[error.code]} "${error.message}"` : String(error)} after ${Math.round(elapsed)} ms (${received} tasks)`,
      );
      assert.ok(error instanceof RpcError, `the stream ended with ${String(error)}`);
      assert.equal(Code[error.code], "UNAVAILABLE");
      assert.ok(elapsed < promptMs, `UNAVAILABLE came ${Math.round(elapsed)} ms after the kill`);
    } finally {
      channel.close();
      await server.stop();
    }
  });

  it("a Python client's Contact.getTask stream against the TypeScript server ends with UNAVAILABLE within 5 s", { timeout: 60_000 }, async () => {
    const server = await startServerProcess("ts");
    const peer = startPythonPeer(["stream", "--target", server.target]);
    try {
      await peer.waitForLine(/^first message$/);
      const killedAt = performance.now();
      process.kill(server.pid, "SIGKILL");
      const { line, at } = await peer.waitForLine(/^status /, 30_000);
      console.log(`py client <- ts server killed: ${line} after ${Math.round(at - killedAt)} ms`);
      assert.match(line, /^status UNAVAILABLE /);
      assert.ok(at - killedAt < promptMs, `UNAVAILABLE came ${Math.round(at - killedAt)} ms after the kill`);
    } finally {
      peer.kill();
      await server.stop();
    }
  });
});
