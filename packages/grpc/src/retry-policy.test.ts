import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Contact, FirstMsg, Greeter, RouteGuide } from "@polyrpc/stubs";
import { status } from "@grpc/grpc-js";
import { createChannel, createClient } from "./create-client.js";
import { isIdempotent, retryServiceConfig } from "./retry-policy.js";
import { RpcError } from "./rpc-error.js";
import { service } from "./service-impl.js";
import { startServer, type TestServer } from "./testdata/start-server.js";

describe("retry policy", () => {
  it("reads idempotency from the proto: SayHello and GetFeature are NO_SIDE_EFFECTS, firstMsg and the streams are not marked", () => {
    assert.equal(isIdempotent(Greeter.method.sayHello), true);
    assert.equal(isIdempotent(RouteGuide.method.getFeature), true);
    assert.equal(isIdempotent(RouteGuide.method.recordRoute), false);
    assert.equal(isIdempotent(FirstMsg.method.firstMsg), false);
  });

  it("builds the service config polyrpc.retry_service_config builds, naming only the idempotent methods", () => {
    // The same text as interop/python/tests/test_retry_policy.py expects from the Python side.
    assert.equal(
      retryServiceConfig({ services: [Greeter, FirstMsg] }),
      '{"methodConfig":[{"name":[{"service":"Greeter","method":"SayHello"}],"retryPolicy":{"maxAttempts":3,"initialBackoff":"0.2s","maxBackoff":"2s","backoffMultiplier":2,"retryableStatusCodes":["UNAVAILABLE"]}}]}',
    );
    assert.equal(retryServiceConfig({ services: [Contact] }), '{"methodConfig":[]}');
    assert.match(
      retryServiceConfig({ services: [Greeter], maxAttempts: 5, retryableStatusCodes: [status.UNAVAILABLE, status.RESOURCE_EXHAUSTED] }),
      /"maxAttempts":5,.*"retryableStatusCodes":\["UNAVAILABLE","RESOURCE_EXHAUSTED"\]/,
    );
  });

  it("keeps a base service config (the per-method deadlines of limits) and gives each retried method its own entry", () => {
    const base = JSON.stringify({
      methodConfig: [
        { name: [{ service: "Greeter", method: "SayHello" }], timeout: "5.000000000s" },
        { name: [{ service: "routeguide.RouteGuide" }], timeout: "2.000000000s" },
      ],
    });
    const retryPolicy = { maxAttempts: 3, initialBackoff: "0.2s", maxBackoff: "2s", backoffMultiplier: 2, retryableStatusCodes: ["UNAVAILABLE"] };
    assert.deepEqual(JSON.parse(retryServiceConfig({ services: [Greeter, RouteGuide, FirstMsg] }, base)).methodConfig, [
      { name: [{ service: "routeguide.RouteGuide" }], timeout: "2.000000000s" },
      { timeout: "5.000000000s", name: [{ service: "Greeter", method: "SayHello" }], retryPolicy },
      { timeout: "2.000000000s", name: [{ service: "routeguide.RouteGuide", method: "GetFeature" }], retryPolicy },
    ]);
  });

  describe("against a server that fails each call's first attempt with UNAVAILABLE", () => {
    let t: TestServer;
    const attempts = new Map<string, number>();
    // The server-side call counter: attempts per request, keyed by the request's text.
    const failFirst = (key: string) => {
      const n = (attempts.get(key) ?? 0) + 1;
      attempts.set(key, n);
      if (n === 1) throw new RpcError(status.UNAVAILABLE, `injected fault: attempt 1 of ${key}`);
    };
    before(async () => {
      t = await startServer({
        services: [
          service(Greeter, { sayHello: (req) => (failFirst(req.name), { message: `Hello, ${req.name}` }) }),
          service(FirstMsg, { firstMsg: (req) => (failFirst(req.body), { content: "done" }) }),
        ],
      });
    });
    after(() => t.close());

    it("retries an idempotent method: the call succeeds and the server saw two attempts", async () => {
      // createClient adds its own service to the policy.
      const channel = createChannel(t.target, { retry: { services: [Greeter] } });
      try {
        assert.equal((await createClient(Greeter, t.target, { retry: {} }).sayHello({ name: "retried" }, { timeoutMs: 10_000 })).message, "Hello, retried");
        assert.equal(attempts.get("retried"), 2);
        // A shared channel retries the services its own retry option names.
        assert.equal((await createClient(Greeter, channel).sayHello({ name: "shared" }, { timeoutMs: 10_000 })).message, "Hello, shared");
        assert.equal(attempts.get("shared"), 2);
      } finally {
        channel.close();
      }
    });

    it("does not retry a method the proto does not mark idempotent: UNAVAILABLE after one attempt", async () => {
      const channel = createChannel(t.target, { retry: { services: [Greeter, FirstMsg] } });
      try {
        await assert.rejects(createClient(FirstMsg, channel).firstMsg({ body: "once" }, { timeoutMs: 10_000 }), (e: RpcError) => {
          assert.equal(e.code, status.UNAVAILABLE);
          assert.equal(e.message, "injected fault: attempt 1 of once");
          return true;
        });
        assert.equal(attempts.get("once"), 1);
      } finally {
        channel.close();
      }
    });

    it("retries together with the per-method deadlines of limits on one channel", async () => {
      const channel = createChannel(t.target, { retry: { services: [Greeter] }, limits: { methodTimeoutsMs: { "Greeter/SayHello": 10_000 } } });
      try {
        assert.equal((await createClient(Greeter, channel).sayHello({ name: "with limits" })).message, "Hello, with limits");
        assert.equal(attempts.get("with limits"), 2);
      } finally {
        channel.close();
      }
    });

    it("does not retry without the option, idempotent or not", async () => {
      await assert.rejects(createClient(Greeter, t.channel).sayHello({ name: "no policy" }, { timeoutMs: 10_000 }), { code: status.UNAVAILABLE });
      assert.equal(attempts.get("no policy"), 1);
    });
  });
});
