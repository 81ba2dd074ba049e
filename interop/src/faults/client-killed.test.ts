// Fault: the client process disappears (SIGKILL) in the middle of a server stream. The server must notice,
// stop the handler and release what the call held, instead of writing into the void until a deadline.
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, it } from "node:test";
import { Code, createChannel, createClient, createServer, RpcError, service, type ServiceImpl } from "@polyrpc/grpc";
import { createContact } from "@polyrpc/server";
import { Contact } from "@polyrpc/stubs";
import { startServerProcess, type ServerProcess } from "../matrix/server-process.js";
import { startPythonPeer, startTsPeer } from "./peer-process.js";

/** Polls `condition` every 20 ms for up to `ms`; false if it never held. */
async function eventually(condition: () => boolean, ms = 10_000): Promise<boolean> {
  for (const end = performance.now() + ms; performance.now() < end; await sleep(20)) if (condition()) return true;
  return condition();
}

describe("client killed mid-stream", () => {
  it("the TypeScript server's handler sees its signal abort (CANCELLED) and runs its finally block when a Python client is killed", {
    timeout: 60_000,
  }, async () => {
    // The seed Contact service, with a test-only count of open getTask streams and how each one ended.
    const contact = createContact({ pushIntervalMs: 200, log: () => {} });
    let open = 0;
    const endings: { reason: unknown; aborted: boolean }[] = [];
    const counted: ServiceImpl<typeof Contact> = {
      ...contact,
      async *getTask(request, context) {
        open++;
        try {
          yield* contact.getTask!(request, context) as AsyncIterable<never>;
        } finally {
          open--;
          endings.push({ reason: context.signal.reason, aborted: context.signal.aborted });
        }
      },
    };
    const server = createServer({ services: [service(Contact, counted)], shutdownGraceMs: 0 });
    const { port } = await server.listen(0, "127.0.0.1");
    const peer = startPythonPeer(["stream", "--target", `127.0.0.1:${port}`]);
    try {
      await peer.waitForLine(/^first message$/);
      assert.equal(open, 1);
      peer.kill("SIGKILL");
      const released = await eventually(() => open === 0);
      console.log(
        `ts server, py client killed: open streams ${open}, handler endings ${JSON.stringify(endings.map((e) => (e.reason instanceof RpcError ? `${Code[e.reason.code]}: ${e.reason.message}` : String(e.reason))))}`,
      );
      assert.ok(released, "the getTask handler was still running 10 s after its client was killed");
      assert.equal(endings.length, 1);
      assert.equal(endings[0]!.aborted, true);
      assert.ok(endings[0]!.reason instanceof RpcError);
      assert.equal(endings[0]!.reason.code, Code.CANCELLED);
      // The server is still healthy: a new client gets its stream.
      const channel = createChannel(`127.0.0.1:${port}`);
      try {
        const controller = new AbortController();
        for await (const task of createClient(Contact, channel).getTask({}, { timeoutMs: 20_000, signal: controller.signal })) {
          assert.match(task.task, /^任务:\d+$/);
          controller.abort();
        }
      } catch (e) {
        assert.ok(e instanceof RpcError && e.code === Code.CANCELLED, `unexpected ${String(e)}`);
      } finally {
        channel.close();
      }
    } finally {
      peer.kill();
      await server.shutdown(0);
    }
  });

  it("the Python server's RPC ends (context callback) and its handler returns when a TypeScript client is killed", { timeout: 60_000 }, async () => {
    const server: ServerProcess = await startServerProcess("py", ["--faults"]);
    const peer = startTsPeer("hold-stream.ts", [server.target]);
    try {
      await peer.waitForLine(/^first message$/);
      assert.ok(server.lines.includes("call started /Contact/getTask id=- attempt=1"), server.lines.join("\n"));
      assert.ok(!server.lines.includes("call ended /Contact/getTask id=-"), "the stream ended before its client was killed");
      peer.kill("SIGKILL");
      const ended = await eventually(() => server.lines.includes("call ended /Contact/getTask id=-"));
      const returned = await eventually(() => server.lines.includes("handler returned /Contact/getTask id=-"));
      console.log(`py server, ts client killed: rpc ended ${ended}, handler returned ${returned}`);
      assert.ok(ended, "grpcio did not end the RPC within 10 s of the client's death");
      assert.ok(returned, "the getTask handler did not return within 10 s of the client's death");
    } finally {
      peer.kill();
      await server.stop();
    }
  });
});
