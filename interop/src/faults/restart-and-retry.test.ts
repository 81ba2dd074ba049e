// Faults: a server restarted on the same port (the client's channel reconnects by itself), and a server
// that fails calls with UNAVAILABLE (the retry policy repeats the idempotent methods only). Attempts are
// counted on the server side: fault_injection's lines for the Python server, a counter for the TS one.
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, it } from "node:test";
import { Code, createChannel, createClient, createServer, RpcError, service } from "@polyrpc/grpc";
import { FirstMsg, Greeter } from "@polyrpc/stubs";
import { startServerProcess, type ServerProcess } from "../matrix/server-process.js";
import { startPythonPeer } from "./peer-process.js";

// Reconnect attempts 0.2 s apart growing to 1 s, so a restarted server is found within a second (grpc's
// defaults start at 1 s and grow to 120 s); the same as fault_client's RECONNECT_OPTIONS.
const reconnect = { "grpc.initial_reconnect_backoff_ms": 200, "grpc.max_reconnect_backoff_ms": 1000 };
const portOf = (target: string) => target.slice(target.lastIndexOf(":") + 1);
const countLines = (lines: readonly string[], prefix: string) => lines.filter((l) => l.startsWith(prefix)).length;
// A server's stdout reaches the test after its reply can: wait (bounded) for a line before counting.
async function waitForLine(lines: readonly string[], prefix: string, timeoutMs = 10_000): Promise<void> {
  for (const end = Date.now() + timeoutMs; !lines.some((l) => l.startsWith(prefix)); await sleep(20)) {
    if (Date.now() > end) throw new Error(`no server line starting ${JSON.stringify(prefix)} within ${timeoutMs} ms: ${lines.join(" | ")}`);
  }
}

describe("server restarted on the same port", () => {
  it("a TypeScript client's channel reaches the restarted Python server; a call while it is down fails with UNAVAILABLE", { timeout: 90_000 }, async () => {
    const first = await startServerProcess("py", ["--faults"]);
    let second: ServerProcess | undefined;
    const channel = createChannel(first.target, { retry: { services: [Greeter] }, channelOptions: reconnect });
    const greeter = createClient(Greeter, channel);
    try {
      assert.equal((await greeter.sayHello({ name: "before" }, { timeoutMs: 10_000 })).message, "Hello, before");
      process.kill(first.pid, "SIGKILL");
      await first.stop();
      await assert.rejects(createClient(FirstMsg, channel).firstMsg({ body: "{}" }, { timeoutMs: 10_000 }), { code: Code.UNAVAILABLE });
      second = await startServerProcess("py", ["--faults", "--port", portOf(first.target)]);
      // The channel may still be waiting out a reconnect pause; each try is bounded, and so is the loop.
      let reply: string | undefined;
      let tries = 0;
      for (; reply === undefined && tries < 20; tries++) {
        reply = await greeter.sayHello({ name: "after" }, { timeoutMs: 10_000 }).then(
          (r) => r.message,
          () => sleep(250).then(() => undefined),
        );
      }
      console.log(`ts client, py server restarted on port ${portOf(first.target)}: "${reply}" after ${tries} call(s)`);
      assert.equal(reply, "Hello, after");
      await waitForLine(second.lines, "call started /Greeter/SayHello"); // the call reached the restarted server
    } finally {
      channel.close();
      await first.stop();
      await second?.stop();
    }
  });

  it("a Python client's channel reaches the restarted TypeScript server", { timeout: 90_000 }, async () => {
    const first = await startServerProcess("ts");
    let second: ServerProcess | undefined;
    const peer = startPythonPeer([
      "unary",
      "--target",
      first.target,
      "--method",
      "SayHello",
      "--retry",
      "--call-id",
      "restart",
      "--repeat",
      "300",
      "--interval-ms",
      "100",
      "--timeout",
      "5",
    ]);
    try {
      await peer.waitForLine(/^status OK Hello, restart$/);
      process.kill(first.pid, "SIGKILL");
      await first.stop();
      const seenBefore = peer.lines.length;
      // The server is down for as long as a restart takes; the peer keeps calling on its one channel.
      second = await startServerProcess("ts", ["--port", portOf(first.target)]);
      const restarted = peer.lines.length;
      const down = peer.lines.slice(seenBefore, restarted);
      let afterRestart = -1;
      for (let i = 0; i < 300 && afterRestart < 0; i++, await sleep(100)) {
        afterRestart = peer.lines.slice(restarted).indexOf("status OK Hello, restart");
      }
      console.log(
        `py client, ts server restarted: ${down.length} call(s) while down (${[...new Set(down.map((l) => l.split(" ").slice(0, 2).join(" ")))].join(", ")}), OK again ${afterRestart + 1} call(s) after the restart`,
      );
      assert.ok(afterRestart >= 0, `no successful call after the restart: ${peer.lines.slice(restarted).join(" | ")}`);
      assert.ok(
        down.every((l) => l.startsWith("status UNAVAILABLE") || l.startsWith("status OK")),
        down.join(" | "),
      );
    } finally {
      peer.kill();
      await first.stop();
      await second?.stop();
    }
  });
});

describe("retry policy across languages", () => {
  it("a TypeScript client retries SayHello (NO_SIDE_EFFECTS) on the Python server but not firstMsg: 2 and 1 attempts there", { timeout: 60_000 }, async () => {
    const server = await startServerProcess("py", ["--faults"]);
    const channel = createChannel(server.target, { retry: { services: [Greeter, FirstMsg] } });
    try {
      const failOnce = (id: string) => ({ metadata: { "x-fault-call-id": id, "x-fault-fail-attempts": "1" }, timeoutMs: 10_000 });
      const reply = await createClient(Greeter, channel).sayHello({ name: "retried" }, failOnce("ts-idempotent"));
      assert.equal(reply.message, "Hello, retried");
      await assert.rejects(createClient(FirstMsg, channel).firstMsg({ body: "{}" }, failOnce("ts-once")), (e: RpcError) => {
        assert.equal(e.code, Code.UNAVAILABLE);
        assert.equal(e.message, "injected fault: attempt 1 of call ts-once");
        return true;
      });
      // Every attempt above started before the client saw its final status, so once a later call's line is
      // in, theirs are too.
      await createClient(Greeter, channel).sayHello({ name: "marker" }, { metadata: { "x-fault-call-id": "ts-marker" }, timeoutMs: 10_000 });
      await waitForLine(server.lines, "call started /Greeter/SayHello id=ts-marker ");
      const sayHelloAttempts = countLines(server.lines, "call started /Greeter/SayHello id=ts-idempotent ");
      const firstMsgAttempts = countLines(server.lines, "call started /firstmsg.FirstMsg/firstMsg id=ts-once ");
      console.log(`ts client -> py server: SayHello attempts ${sayHelloAttempts} (OK), firstMsg attempts ${firstMsgAttempts} (UNAVAILABLE)`);
      assert.equal(sayHelloAttempts, 2);
      assert.equal(firstMsgAttempts, 1);
    } finally {
      channel.close();
      await server.stop();
    }
  });

  it("a Python client retries SayHello on the TypeScript server but not firstMsg: 2 and 1 attempts there", { timeout: 60_000 }, async () => {
    // The server-side call counter: attempts per x-fault-call-id; the first attempt of each fails.
    const attempts = new Map<string, number>();
    const failFirst = (id: string) => {
      const n = (attempts.get(id) ?? 0) + 1;
      attempts.set(id, n);
      if (n === 1) throw new RpcError(Code.UNAVAILABLE, `injected fault: attempt 1 of call ${id}`);
    };
    const callId = (metadata: { get(key: string): unknown[] }) => String(metadata.get("x-fault-call-id")[0]);
    const server = createServer({
      services: [
        service(Greeter, { sayHello: (req, ctx) => (failFirst(callId(ctx.requestMetadata)), { message: `Hello, ${req.name}` }) }),
        service(FirstMsg, { firstMsg: (_req, ctx) => (failFirst(callId(ctx.requestMetadata)), { content: "done" }) }),
      ],
      shutdownGraceMs: 0,
    });
    const { port } = await server.listen(0, "127.0.0.1");
    const target = `127.0.0.1:${port}`;
    const idempotent = startPythonPeer(["unary", "--target", target, "--method", "SayHello", "--retry", "--call-id", "py-idempotent", "--fail-attempts", "1"]);
    const once = startPythonPeer(["unary", "--target", target, "--method", "firstMsg", "--retry", "--call-id", "py-once", "--fail-attempts", "1"]);
    try {
      const ok = (await idempotent.waitForLine(/^status /)).line;
      const failed = (await once.waitForLine(/^status /)).line;
      console.log(
        `py client -> ts server: SayHello "${ok}" after ${attempts.get("py-idempotent")} attempts, firstMsg "${failed}" after ${attempts.get("py-once")}`,
      );
      assert.equal(ok, "status OK Hello, py-idempotent");
      assert.equal(failed, "status UNAVAILABLE injected fault: attempt 1 of call py-once");
      assert.equal(attempts.get("py-idempotent"), 2);
      assert.equal(attempts.get("py-once"), 1);
    } finally {
      idempotent.kill();
      once.kill();
      await server.shutdown(0);
    }
  });
});
