import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { after, before, describe, it } from "node:test";
import { FirstMsg, Greeter, RouteGuide } from "@polyrpc/stubs";
import { Metadata, status } from "@grpc/grpc-js";
import { createClient } from "./create-client.js";
import { RpcError } from "./rpc-error.js";
import { service } from "./service-impl.js";
import { startServer, type TestServer } from "./testdata/start-server.js";
import { waitFor } from "./testdata/wait-for.js";

describe("unary calls", () => {
  let t: TestServer;
  const seenSignals: AbortSignal[] = [];
  // For "late": the handler reads its signal only after `lateRead` resolves, and reports what it saw.
  let lateRead: Promise<void> = Promise.resolve();
  const lateReasons: unknown[] = [];
  before(async () => {
    t = await startServer({
      services: [
        service(Greeter, {
          async sayHello(req, ctx) {
            switch (req.name) {
              case "status":
                throw new RpcError(status.FAILED_PRECONDITION, "état invalide: 日本語 ✓", new Metadata());
              case "headers then status":
                ctx.responseHeaders.set("x-header", "sent before the error");
                ctx.responseTrailers.set("x-trailer", "t");
                throw new RpcError(status.ABORTED, "aborted after setting headers");
              case "boom":
                throw new Error("secret database password in a stack trace");
              case "metadata": {
                ctx.responseHeaders.set("x-header", "h1");
                ctx.responseTrailers.set("x-trailer", "t1");
                ctx.responseTrailers.set("x-trailer-bin", Buffer.from([0, 1, 254, 255]));
                const echo = ctx.requestMetadata.get("x-echo")[0];
                const bin = ctx.requestMetadata.get("x-echo-bin")[0] as Buffer;
                return { message: `${String(echo)}:${[...bin].join(",")}` };
              }
              case "slow":
                seenSignals.push(ctx.signal);
                await sleep(5000, undefined, { signal: ctx.signal }).catch(() => {});
                return { message: `aborted=${ctx.signal.aborted}` };
              case "late": {
                await lateRead;
                lateReasons.push(ctx.signal.aborted ? (ctx.signal.reason as RpcError).code : "not aborted");
                return { message: "late" };
              }
              case "deadline":
                return { message: ctx.deadline === undefined ? "none" : "set" };
              default:
                return { message: `Hello, ${req.name}` };
            }
          },
        }),
        // No handler for firstMsg: UNIMPLEMENTED.
        service(FirstMsg, {}),
      ],
    });
  });
  after(() => t.close());

  it("returns the handler's response", async () => {
    const client = createClient(Greeter, t.channel);
    const reply = await client.sayHello({ name: "World" });
    assert.equal(reply.message, "Hello, World");
  });

  it("sends a thrown RpcError's code and non-ASCII message intact", async () => {
    const client = createClient(Greeter, t.channel);
    await assert.rejects(client.sayHello({ name: "status" }), (e: unknown) => {
      assert.ok(e instanceof RpcError);
      assert.equal(e.code, status.FAILED_PRECONDITION);
      assert.equal(e.message, "état invalide: 日本語 ✓");
      return true;
    });
  });

  it("turns any other throw into INTERNAL with a generic message and logs the cause", async () => {
    const client = createClient(Greeter, t.channel);
    await assert.rejects(client.sayHello({ name: "boom" }), (e: unknown) => {
      assert.ok(e instanceof RpcError);
      assert.equal(e.code, status.INTERNAL);
      assert.equal(e.message, "internal error");
      return true;
    });
    const last = t.logged.at(-1);
    assert.match(last?.message ?? "", /\/Greeter\/SayHello failed/);
    assert.equal((last?.cause as Error | undefined)?.message, "secret database password in a stack trace");
  });

  it("carries metadata both ways, in headers and trailers, including -bin keys", async () => {
    const client = createClient(Greeter, t.channel);
    let headers: Metadata | undefined;
    let trailers: Metadata | undefined;
    const reply = await client.sayHello(
      { name: "metadata" },
      {
        metadata: { "x-echo": "ping", "x-echo-bin": new Uint8Array([9, 8, 7]) },
        onHeader: (m) => (headers = m),
        onTrailer: (m) => (trailers = m),
      },
    );
    assert.equal(reply.message, "ping:9,8,7");
    assert.deepEqual(headers?.get("x-header"), ["h1"]);
    assert.deepEqual(trailers?.get("x-trailer"), ["t1"]);
    assert.deepEqual([...((trailers?.get("x-trailer-bin")[0] as Buffer | undefined) ?? [])], [0, 1, 254, 255]);
  });

  it("sends the headers a handler set before it threw, with the status and trailers", async () => {
    const client = createClient(Greeter, t.channel);
    let headers: Metadata | undefined;
    let trailers: Metadata | undefined;
    await assert.rejects(
      client.sayHello({ name: "headers then status" }, { onHeader: (m) => (headers = m), onTrailer: (m) => (trailers = m) }),
      (e: unknown) => e instanceof RpcError && e.code === status.ABORTED && e.message === "aborted after setting headers",
    );
    assert.deepEqual(headers?.get("x-header"), ["sent before the error"]);
    assert.deepEqual(trailers?.get("x-trailer"), ["t"]);
  });

  it("answers UNIMPLEMENTED for a method without a handler", async () => {
    const client = createClient(FirstMsg, t.channel);
    await assert.rejects(client.firstMsg({ body: "{}" }), (e: unknown) => e instanceof RpcError && e.code === status.UNIMPLEMENTED);
  });

  it("answers UNIMPLEMENTED for a service the server does not have", async () => {
    const client = createClient(RouteGuide, t.channel);
    await assert.rejects(client.getFeature({}), (e: unknown) => e instanceof RpcError && e.code === status.UNIMPLEMENTED);
  });

  it("fails with DEADLINE_EXCEEDED after timeoutMs and aborts the handler's signal", async () => {
    const client = createClient(Greeter, t.channel);
    const before = seenSignals.length;
    const started = Date.now();
    await assert.rejects(client.sayHello({ name: "slow" }, { timeoutMs: 150 }), (e: unknown) => e instanceof RpcError && e.code === status.DEADLINE_EXCEEDED);
    assert.ok(Date.now() - started < 2000, "the call waited far beyond its deadline");
    const signal = seenSignals[before];
    assert.ok(signal !== undefined);
    await waitFor(() => signal.aborted);
  });

  it("passes the deadline to the handler", async () => {
    const client = createClient(Greeter, t.channel);
    assert.equal((await client.sayHello({ name: "deadline" }, { deadline: Date.now() + 5000 })).message, "set");
    assert.equal((await client.sayHello({ name: "deadline" })).message, "none");
  });

  it("cancels with CANCELLED when the caller's signal aborts, and the handler sees it", async () => {
    const client = createClient(Greeter, t.channel);
    const before = seenSignals.length;
    const controller = new AbortController();
    const call = client.sayHello({ name: "slow" }, { signal: controller.signal });
    await waitFor(() => seenSignals.length > before);
    controller.abort();
    await assert.rejects(call, (e: unknown) => e instanceof RpcError && e.code === status.CANCELLED);
    await waitFor(() => seenSignals[before]!.aborted);
  });

  it("gives a handler that reads its signal only after the client cancelled an aborted signal (CANCELLED)", async () => {
    const client = createClient(Greeter, t.channel);
    let release!: () => void;
    lateRead = new Promise((resolve) => (release = resolve));
    const controller = new AbortController();
    const call = client.sayHello({ name: "late" }, { signal: controller.signal });
    await sleep(200); // The call reaches the handler, which waits without its signal.
    controller.abort();
    await assert.rejects(call, (e: unknown) => e instanceof RpcError && e.code === status.CANCELLED);
    await sleep(100); // grpc-js sees the RST_STREAM.
    release();
    await waitFor(() => lateReasons.length === 1);
    assert.deepEqual(lateReasons, [status.CANCELLED]);
  });

  it("gives a handler that reads its signal only after its deadline passed an aborted signal (DEADLINE_EXCEEDED)", async () => {
    const client = createClient(Greeter, t.channel);
    let release!: () => void;
    lateRead = new Promise((resolve) => (release = resolve));
    lateReasons.length = 0;
    await assert.rejects(client.sayHello({ name: "late" }, { timeoutMs: 150 }), (e: unknown) => e instanceof RpcError && e.code === status.DEADLINE_EXCEEDED);
    await sleep(200); // The server's deadline is a little later than the client's: it starts on arrival.
    release();
    await waitFor(() => lateReasons.length === 1);
    assert.equal(lateReasons.length, 1);
    assert.notEqual(lateReasons[0], "not aborted");
  });

  it("gives a handler that reads its signal during a live call a signal that is not aborted", async () => {
    lateRead = Promise.resolve();
    lateReasons.length = 0;
    const client = createClient(Greeter, t.channel);
    assert.equal((await client.sayHello({ name: "late" })).message, "late");
    assert.deepEqual(lateReasons, ["not aborted"]);
  });
});
