// Graceful shutdown with a call in flight: the call finishes normally within the grace period, and a
// call made after the shutdown began is refused with UNAVAILABLE.
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, it } from "node:test";
import { Code, createChannel, createClient, createServer, type RpcError, service } from "@polyrpc/grpc";
import { Greeter } from "@polyrpc/stubs";
import { startServerProcess } from "../matrix/server-process.js";
import { startPythonPeer } from "./peer-process.js";

/** Polls `condition` every 20 ms for up to 20 s. */
async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !condition(); i++) await sleep(20);
  assert.ok(condition(), "condition not met within 20 s");
}

describe("graceful shutdown with a call in flight", () => {
  it("the TypeScript server (shutdown(10 s)) finishes a Python client's call in flight and refuses a new one", { timeout: 60_000 }, async () => {
    let started = 0;
    let finished = 0;
    let abortedSignals = 0;
    const server = createServer({
      services: [
        service(Greeter, {
          async sayHello(req, ctx) {
            started++;
            // Slow enough to be in flight when the shutdown begins, well inside the grace period.
            await sleep(2000, undefined, { signal: ctx.signal }).catch(() => {});
            if (ctx.signal.aborted) abortedSignals++;
            finished++;
            return { message: `Hello, ${req.name}` };
          },
        }),
      ],
    });
    const { port } = await server.listen(0, "127.0.0.1");
    const target = `127.0.0.1:${port}`;
    const slow = startPythonPeer(["unary", "--target", target, "--method", "SayHello", "--call-id", "in-flight"]);
    let late: ReturnType<typeof startPythonPeer> | undefined;
    try {
      await until(() => started === 1);
      const began = performance.now();
      const shutdown = server.shutdown(10_000);
      late = startPythonPeer(["unary", "--target", target, "--method", "SayHello", "--call-id", "late"]);
      const refused = (await late.waitForLine(/^status /)).line;
      const inFlight = (await slow.waitForLine(/^status /)).line;
      await shutdown;
      const ms = performance.now() - began;
      console.log(`ts server shutdown: in-flight "${inFlight}", new "${refused}", shutdown took ${Math.round(ms)} ms of 10000`);
      assert.equal(inFlight, "status OK Hello, in-flight");
      assert.match(refused, /^status UNAVAILABLE /);
      assert.equal(started, 1, "the late call reached a handler");
      assert.equal(finished, 1);
      assert.equal(abortedSignals, 0, "the call in flight was cancelled instead of finishing");
      // The shutdown ended because the call finished, not because the grace period ran out.
      assert.ok(ms < 10_000, `shutdown took ${Math.round(ms)} ms`);
    } finally {
      slow.kill();
      late?.kill();
      await server.shutdown(0);
    }
  });

  for (const impl of ["py", "py-aio"] as const) {
    it(`the Python ${impl === "py" ? "grpcio" : "grpc.aio"} server (SIGTERM, a 5 s grace) finishes a TypeScript client's call in flight and refuses a new one`, {
      timeout: 60_000,
    }, async () => {
      const server = await startServerProcess(impl, ["--faults"]);
      const channel = createChannel(server.target);
      const late = createChannel(server.target);
      try {
        // fault_injection holds the call 3 s before the handler runs: in flight across the SIGTERM.
        const inFlight = createClient(Greeter, channel).sayHello(
          { name: "in-flight" },
          { metadata: { "x-fault-call-id": "in-flight", "x-fault-delay-ms": "3000" }, timeoutMs: 30_000 },
        );
        await until(() => server.lines.includes("call started /Greeter/SayHello id=in-flight attempt=1"));
        const began = performance.now();
        process.kill(server.pid, "SIGTERM");
        // serve_all stops on the signal; give its main thread a moment to close the port (still < 3 s).
        await sleep(1000);
        const refused = await createClient(Greeter, late)
          .sayHello({ name: "late" }, { timeoutMs: 10_000 })
          .then(
            () => "OK",
            (e: RpcError) => `${Code[e.code]} ${e.message}`,
          );
        const reply = await inFlight;
        await server.stop();
        const ms = performance.now() - began;
        console.log(`${impl} server shutdown: in-flight "${reply.message}", new "${refused}", exit after ${Math.round(ms)} ms (grace 5000)`);
        assert.equal(reply.message, "Hello, in-flight");
        assert.match(refused, /^UNAVAILABLE /);
        assert.ok(!server.lines.some((l) => l.startsWith("call started /Greeter/SayHello id=-")), "the late call reached a handler");
      } finally {
        channel.close();
        late.close();
        await server.stop();
      }
    });
  }
});
