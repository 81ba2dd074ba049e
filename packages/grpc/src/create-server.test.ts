import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, it } from "node:test";
import { BinaryReader, WireType } from "@bufbuild/protobuf/wire";
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
  return new Promise((resolve, reject) => channel.makeUnaryRequest(path, identity, identity, Buffer.from(request), (e, r) => (e ? reject(e) : resolve(r!))));
}

/** The length-delimited fields of a message, by field number (enough for reflection's nested replies). */
function fields(bytes: Uint8Array): Map<number, Uint8Array[]> {
  const reader = new BinaryReader(bytes);
  const out = new Map<number, Uint8Array[]>();
  while (reader.pos < reader.len) {
    const [number, type] = reader.tag();
    if (type === WireType.LengthDelimited) out.set(number, [...(out.get(number) ?? []), reader.bytes()]);
    else reader.skip(type);
  }
  return out;
}

/** Sends raw ServerReflectionRequests on one stream and collects the raw responses. */
async function reflect(channel: GrpcClient, requests: number[][]): Promise<Buffer[]> {
  const call = channel.makeBidiStreamRequest("/grpc.reflection.v1.ServerReflection/ServerReflectionInfo", identity, identity);
  for (const r of requests) call.write(Buffer.from(r));
  call.end();
  const responses: Buffer[] = [];
  for await (const chunk of call) responses.push(chunk as Buffer);
  return responses;
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
      await assert.rejects(
        rawUnary(t.channel, "/grpc.health.v1.Health/Check", [0x0a, unknown.length, ...unknown]),
        (e: { code: number }) => e.code === status.NOT_FOUND,
      );
    } finally {
      await t.close();
    }
  });

  it("serves reflection that lists the registered services by their wire names", async () => {
    const t = await startServer({ services: [greeter, service(RouteGuide, {})] });
    try {
      const responses = await reflect(t.channel, [
        [0x3a, 0x01, 0x2a], // list_services: "*" (field 7)
        [0x22, 0x07, ...Buffer.from("Greeter")], // file_containing_symbol: "Greeter" (field 4)
        [0x22, 0x1a, ...Buffer.from("routeguide.RouteGuide.Nope")], // an unknown symbol
      ]);
      // ListServiceResponse (field 6) holds one ServiceResponse{name} (field 1) per service.
      const names = fields(fields(responses[0]!).get(6)![0]!)
        .get(1)!
        .map((service) => Buffer.from(fields(service).get(1)![0]!).toString());
      // Like grpc-go and grpcio, the server's own health and reflection services are listed too.
      assert.deepEqual(names.sort(), [
        "Greeter",
        "grpc.health.v1.Health",
        "grpc.reflection.v1.ServerReflection",
        "grpc.reflection.v1alpha.ServerReflection",
        "routeguide.RouteGuide",
      ]);
      // FileDescriptorResponse (field 4) carries helloworld/hello.proto for "Greeter".
      assert.ok(responses[1]!.includes(Buffer.from("helloworld/hello.proto")), "no descriptor for Greeter");
      // ErrorResponse (field 7) with code NOT_FOUND (5) for the unknown symbol.
      assert.ok(responses[2]!.includes(Buffer.from("Symbol not found")), "no error for an unknown symbol");
    } finally {
      await t.close();
    }
  });

  it("describes its health and reflection services through reflection, and lists no health without health", async () => {
    const symbol = (name: string) => [0x22, name.length, ...Buffer.from(name)]; // file_containing_symbol (field 4)
    const t = await startServer({ services: [greeter] });
    try {
      const [health, v1, v1alpha] = await reflect(t.channel, [
        symbol("grpc.health.v1.Health"),
        symbol("grpc.reflection.v1.ServerReflection"),
        symbol("grpc.reflection.v1alpha.ServerReflection"),
      ]);
      // FileDescriptorResponse (field 4) holds serialized FileDescriptorProtos (field 1); each names its
      // package (field 2) and services (field 6, each with its name in field 1).
      const defined = (response: Buffer) =>
        fields(fields(response).get(4)![0]!)
          .get(1)!
          .flatMap((file) => {
            const f = fields(file);
            const pkg = Buffer.from(f.get(2)![0]!).toString();
            return (f.get(6) ?? []).map((svc) => `${pkg}.${Buffer.from(fields(svc).get(1)![0]!).toString()}`);
          });
      assert.deepEqual(defined(health!), ["grpc.health.v1.Health"]);
      assert.deepEqual(defined(v1!), ["grpc.reflection.v1.ServerReflection"]);
      assert.deepEqual(defined(v1alpha!), ["grpc.reflection.v1alpha.ServerReflection"]);
    } finally {
      await t.close();
    }
    const bare = await startServer({ services: [greeter], health: false });
    try {
      const [list] = await reflect(bare.channel, [[0x3a, 0x01, 0x2a]]);
      const names = fields(fields(list!).get(6)![0]!)
        .get(1)!
        .map((service) => Buffer.from(fields(service).get(1)![0]!).toString());
      assert.deepEqual(names.sort(), ["Greeter", "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection"]);
    } finally {
      await bare.close();
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
