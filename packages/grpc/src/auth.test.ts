import assert from "node:assert/strict";
import { inspect } from "node:util";
import { after, before, describe, it } from "node:test";
import { Greeter } from "@polyrpc/stubs";
import { InterceptingCall, Metadata, status, type Client as GrpcClient, type Interceptor } from "@grpc/grpc-js";
import { authMessages, bearerTokenAuth, type AuthCheck } from "./auth.js";
import { createChannel, createClient } from "./create-client.js";
import { RpcError } from "./rpc-error.js";
import { service } from "./service-impl.js";
import { startServer, type TestServer } from "./testdata/start-server.js";

const token = "s3cr3t-token-4f1c9a";
const adminToken = "admin-token-77b2e0";

/** Admits either token; only the admin may call SayHello with the name "admin". */
const check: AuthCheck = (request) => {
  const verdict = bearerTokenAuth(
    new Map([
      [token, "alice"],
      [adminToken, "admin"],
    ]),
  )(request) as ReturnType<AuthCheck> & { ok: boolean };
  if (request.metadata.get("x-fail-check").length > 0) throw new Error("token directory unreachable");
  return verdict;
};

/** A raw unary call to a method the typed stubs do not cover; resolves to the response bytes or the error. */
function rawUnary(channel: GrpcClient, path: string, request: Buffer, metadata = new Metadata()): Promise<Buffer | RpcError> {
  return new Promise((resolve) => {
    channel.makeUnaryRequest(
      path,
      (b: Buffer) => b,
      (b: Buffer) => b,
      request,
      metadata,
      { deadline: Date.now() + 10_000 },
      (error, response) => resolve(error !== null ? new RpcError(error.code, error.details) : response!),
    );
  });
}

describe("auth", () => {
  let t: TestServer;
  before(async () => {
    t = await startServer({
      services: [
        service(Greeter, {
          sayHello(req, ctx) {
            if (req.name === "boom") throw new Error("handler failed");
            if (req.name === "admin" && ctx.principal !== "admin") throw new RpcError(status.PERMISSION_DENIED, "admin only");
            return { message: `Hello, ${req.name} (${ctx.principal})` };
          },
        }),
      ],
      auth: {
        check: async (request) => {
          const verdict = await check(request);
          if (verdict.ok && request.path === "/Greeter/SayHello" && request.metadata.get("x-want")[0] === "denied") {
            return { ok: false, code: "permission_denied" };
          }
          return verdict;
        },
      },
    });
  });
  after(() => t.close());

  const hello = (name: string, metadata?: Record<string, string>) => createClient(Greeter, t.channel).sayHello({ name }, { timeoutMs: 10_000, metadata });
  const code = async (p: Promise<unknown>) => {
    try {
      await p;
      return "OK";
    } catch (e) {
      return `${status[(e as RpcError).code]}: ${(e as RpcError).message}`;
    }
  };

  it("answers UNAUTHENTICATED to a call without a token", async () => {
    assert.equal(await code(hello("x")), `UNAUTHENTICATED: ${authMessages.missing}`);
  });

  it("answers UNAUTHENTICATED to a wrong token and to a header that is not a bearer token", async () => {
    assert.equal(await code(hello("x", { authorization: "Bearer wrong" })), "UNAUTHENTICATED: invalid bearer token");
    assert.equal(await code(hello("x", { authorization: `Basic ${token}` })), `UNAUTHENTICATED: ${authMessages.malformed}`);
  });

  it("runs the handler for a good token and tells it the principal", async () => {
    assert.deepEqual(await hello("bob", { authorization: `Bearer ${token}` }), { $typeName: "HelloReply", message: "Hello, bob (alice)" });
  });

  it("answers PERMISSION_DENIED when the check says so, with the method in the message", async () => {
    assert.equal(
      await code(hello("x", { authorization: `Bearer ${token}`, "x-want": "denied" })),
      "PERMISSION_DENIED: permission denied for /Greeter/SayHello",
    );
  });

  it("attaches a channel-level token, or one from a function, to every call", async () => {
    const fixed = createChannel(t.target, { token });
    const dynamic = createChannel(t.target, { token: async () => adminToken });
    try {
      assert.equal((await createClient(Greeter, fixed).sayHello({ name: "a" }, { timeoutMs: 10_000 })).message, "Hello, a (alice)");
      assert.equal((await createClient(Greeter, dynamic).sayHello({ name: "admin" }, { timeoutMs: 10_000 })).message, "Hello, admin (admin)");
    } finally {
      fixed.close();
      dynamic.close();
    }
  });

  it("runs the user's channel interceptors after the token interceptor, so both reach the server", async () => {
    const seen: unknown[] = [];
    const addHeader: Interceptor = (options, nextCall) =>
      new InterceptingCall(nextCall(options), {
        start(metadata, listener, next) {
          seen.push(metadata.get("authorization")[0]);
          metadata.set("x-want", "denied");
          next(metadata, listener);
        },
      });
    const channel = createChannel(t.target, { token, channelOptions: { interceptors: [addHeader] } });
    try {
      // The server refuses a good token that carries x-want: denied; so the token and the header both arrived.
      assert.equal(
        await code(createClient(Greeter, channel).sayHello({ name: "a" }, { timeoutMs: 10_000 })),
        "PERMISSION_DENIED: permission denied for /Greeter/SayHello",
      );
      assert.deepEqual(seen, [`Bearer ${token}`]);
    } finally {
      channel.close();
    }
  });

  it("fails the call with UNAUTHENTICATED when the token function throws, without reaching the server", async () => {
    const channel = createChannel(t.target, { token: () => Promise.reject(new Error("token expired")) });
    try {
      assert.equal(
        await code(createClient(Greeter, channel).sayHello({ name: "a" }, { timeoutMs: 10_000 })),
        "UNAUTHENTICATED: cannot get a token: token expired",
      );
    } finally {
      channel.close();
    }
  });

  it("keeps health checking reachable without a token, and reflection closed", async () => {
    // HealthCheckRequest{service: ""} is empty; HealthCheckResponse{status: SERVING} is 08 01.
    assert.deepEqual(await rawUnary(t.channel, "/grpc.health.v1.Health/Check", Buffer.alloc(0)), Buffer.from([8, 1]));
    const reflection = await new Promise<number>((resolve) => {
      const call = t.channel.makeBidiStreamRequest(
        "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo",
        (b: Buffer) => b,
        (b: Buffer) => b,
        new Metadata(),
        {
          deadline: Date.now() + 10_000,
        },
      );
      call.on("data", () => {});
      call.on("error", (e: RpcError) => resolve(e.code));
      call.on("status", (s) => resolve(s.code));
      call.end(Buffer.from([0x3a, 0])); // list_services: ""
    });
    assert.equal(reflection, status.UNAUTHENTICATED);
  });

  it("never logs the token, also when the check or the handler fails", async () => {
    assert.equal(await code(hello("x", { authorization: `Bearer ${token}`, "x-fail-check": "1" })), "UNAVAILABLE: authentication check failed");
    assert.match(await code(hello("boom", { authorization: `Bearer ${token}` })), /^INTERNAL/);
    assert.ok(t.logged.length >= 2, "both failures were logged");
    const text = t.logged.map((l) => `${l.message} ${inspect(l.cause, { depth: 10 })}`).join("\n");
    assert.match(text, /authentication check failed for \/Greeter\/SayHello/);
    assert.match(text, /token directory unreachable/);
    assert.ok(!text.includes(token), "the token is not in the log");
  });
});
