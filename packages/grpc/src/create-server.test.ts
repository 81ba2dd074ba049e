import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, it } from "node:test";
import { Greeter, RouteGuide } from "@polyrpc/stubs";
import { status, type Client as GrpcClient } from "@grpc/grpc-js";
import { createChannel, createClient } from "./create-client.js";
import { createServer } from "./create-server.js";
import { RpcError } from "./rpc-error.js";
import { service } from "./service-impl.js";
import { startServer } from "./testdata/start-server.js";
import { waitFor } from "./testdata/wait-for.js";

const identity = (b: Buffer) => b;

/** Calls a unary method with raw request bytes, for services polyrpc has no descriptors for. */
function rawUnary(channel: GrpcClient, path: string, request: number[]): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    channel.makeUnaryRequest(path, identity, identity, Buffer.from(request), (e, r) => (e ? reject(e) : resolve(r!))),
  );
}

const greeter = service(Greeter, { sayHello: (req) => ({ message: `Hello, ${req.name}` }) });

describe("createServer", () => {
  it("reports the port the OS chose for port 0", async () => {
    const server = createServer({ services: [greeter] });
    try {
      const address = await server.listen(0, "127.0.0.1");
      assert.equal(address.host, "127.0.0.1");
      assert.ok(address.port > 0 && address.port < 65536);
      const reply = await createClient(Greeter, `127.0.0.1:${address.port}`).sayHello({ name: "port" });
      assert.equal(reply.message, "Hello, port");
    } finally {
      await server.shutdown(0);
    }
  });

  it("rejects listen on a port that is taken, naming the address", async () => {
    const first = await startServer({ services: [greeter] });
    const second = createServer({ services: [greeter] });
    try {
      await assert.rejects(second.listen(first.port, "127.0.0.1"), new RegExp(`cannot listen on 127\\.0\\.0\\.1:${first.port}`));
    } finally {
      await second.shutdown(0);
      await first.close();
    }
  });

  it("serves grpc.health.v1 with SERVING for the server and each service", async () => {
    const t = await startServer({ services: [greeter] });
    try {
      // HealthCheckRequest{service}; HealthCheckResponse{status: SERVING(1)} encodes as 08 01.
      const overall = await rawUnary(t.channel, "/grpc.health.v1.Health/Check", []);
      assert.deepEqual([...overall], [0x08, 0x01]);
      const name = Buffer.from("Greeter");
      const one = await rawUnary(t.channel, "/grpc.health.v1.Health/Check", [0x0a, name.length, ...name]);
      assert.deepEqual([...one], [0x08, 0x01]);
      const unknown = Buffer.from("nope.Nope");
      await assert.rejects(rawUnary(t.channel, "/grpc.health.v1.Health/Check", [0x0a, unknown.length, ...unknown]), (e: { code: number }) => e.code === status.NOT_FOUND);
    } finally {
      await t.close();
    }
  });

  it("serves reflection that lists the registered services", async () => {
    const t = await startServer({ services: [greeter, service(RouteGuide, {})] });
    try {
      const call = t.channel.makeBidiStreamRequest("/grpc.reflection.v1.ServerReflection/ServerReflectionInfo", identity, identity);
      // ServerReflectionRequest{list_services: "*"} is field 7, a string.
      call.write(Buffer.from([0x3a, 0x01, 0x2a]));
      call.end();
      const chunks: Buffer[] = [];
      for await (const chunk of call) chunks.push(chunk as Buffer);
      const text = Buffer.concat(chunks).toString("latin1");
      assert.ok(text.includes("routeguide.RouteGuide"), "routeguide.RouteGuide not listed");
      assert.ok(text.includes("Greeter"), "Greeter not listed");
    } finally {
      await t.close();
    }
  });

  it("lets in-flight calls finish on shutdown, refuses new ones, and reports NOT_SERVING first", async () => {
    let started = 0;
    const server = createServer({
      services: [
        service(Greeter, {
          async sayHello(req) {
            started++;
            await sleep(300);
            return { message: `done ${req.name}` };
          },
        }),
      ],
      logger: { error() {} },
    });
    const { port } = await server.listen(0, "127.0.0.1");
    const channel = createChannel(`127.0.0.1:${port}`);
    try {
      const client = createClient(Greeter, channel);
      const inFlight = client.sayHello({ name: "in flight" });
      await waitFor(() => started === 1);
      const stopped = server.shutdown(5000);
      assert.equal(server.health !== undefined, true);
      assert.equal((await inFlight).message, "done in flight");
      await stopped;
      await assert.rejects(client.sayHello({ name: "late" }, { timeoutMs: 2000 }), (e: unknown) => e instanceof RpcError && e.code === status.UNAVAILABLE);
    } finally {
      channel.close();
      await server.shutdown(0);
    }
  });

  it("cancels calls still running after the grace period and aborts their handlers' signals", async () => {
    let handlerSignal: AbortSignal | undefined;
    const server = createServer({
      services: [
        service(Greeter, {
          async sayHello(_req, ctx) {
            handlerSignal = ctx.signal;
            await sleep(10_000, undefined, { signal: ctx.signal }).catch(() => {});
            return { message: "too late" };
          },
        }),
      ],
      logger: { error() {} },
    });
    const { port } = await server.listen(0, "127.0.0.1");
    const channel = createChannel(`127.0.0.1:${port}`);
    try {
      const call = createClient(Greeter, channel).sayHello({ name: "stuck" });
      await waitFor(() => handlerSignal !== undefined);
      const started = Date.now();
      await server.shutdown(200);
      assert.ok(Date.now() - started < 2000, "shutdown did not force after its grace period");
      assert.equal(handlerSignal?.aborted, true);
      await assert.rejects(call, (e: unknown) => e instanceof RpcError && (e.code === status.UNAVAILABLE || e.code === status.CANCELLED));
    } finally {
      channel.close();
    }
  });
});
