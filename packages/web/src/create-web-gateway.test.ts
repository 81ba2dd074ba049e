import assert from "node:assert/strict";
import { connect, constants } from "node:http2";
import { createServer as createNetServer } from "node:net";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { after, before, describe, it } from "node:test";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { Code as ConnectCode, ConnectError, createClient } from "@connectrpc/connect";
import { createGrpcWebTransport } from "@connectrpc/connect-web";
import { Code, Metadata, RpcError, service } from "@polyrpc/grpc";
import { Contact, Greeter, HelloReplySchema, HelloRequestSchema, PointSchema, RouteSummarySchema } from "@polyrpc/stubs";
import { makeTestCertificates } from "@polyrpc/devkit";
import { createWebGateway, parseGrpcTimeout, type WebGateway } from "./create-web-gateway.js";
import { decodeGrpcWebResponse, encodeGrpcWebBody } from "./frames.js";
import { startTsBackend, type Backend } from "./testdata/backends.js";
import { grpcWebFetch } from "./testdata/grpc-web-fetch.js";

/** Polls `condition` every 20 ms for up to `ms`. */
async function eventually(condition: () => boolean, ms = 5000): Promise<boolean> {
  for (const end = performance.now() + ms; performance.now() < end; await sleep(20)) if (condition()) return true;
  return condition();
}

/** A google.rpc.Status (code 9, the same message) as grpc-status-details-bin, built by hand: 08 09 12 len msg. */
const statusMessage = "not now: 100% busy";
const statusDetails = Buffer.concat([Buffer.from([8, 9, 18, statusMessage.length]), Buffer.from(statusMessage)]);

/** What the test services saw: calls, deadlines and how each getTask handler's signal ended. */
const seen = { sayHello: 0, deadlines: new Map<string, Date | undefined>(), endings: new Map<string, unknown>() };

/** Greeter echoes the request headers it got and sends headers, trailers and rich details on request. */
const greeter = service(Greeter, {
  sayHello(request, context) {
    seen.sayHello++;
    context.responseHeaders.set("x-answer", "42");
    context.responseTrailers.set("x-trailer", "t");
    if (request.name === "fail") {
      const metadata = new Metadata();
      metadata.set("grpc-status-details-bin", statusDetails);
      throw new RpcError(Code.FAILED_PRECONDITION, statusMessage, metadata);
    }
    const headers = ["authorization", "x-custom", "cookie", "x-grpc-web"].map((name) => `${name}=${context.requestMetadata.get(name).join(",")}`);
    return { message: `Hello, ${request.name} [${headers.join(" ")}]` };
  },
});

/**
 * Contact.getTask yields one task, then waits for its signal, recording the deadline and why it ended
 * under the call's x-test-id header.
 */
const contact = service(Contact, {
  async *getTask(_request, context) {
    const id = String(context.requestMetadata.get("x-test-id")[0]);
    seen.deadlines.set(id, context.deadline);
    yield { task: "one" };
    await new Promise<void>((resolve) => context.signal.addEventListener("abort", () => resolve(), { once: true }));
    seen.endings.set(id, context.signal.reason);
  },
});

describe("createWebGateway", () => {
  let backend: Backend;
  let seed: Backend;
  let gateway: WebGateway;
  let seedGateway: WebGateway;
  let baseUrl: string;
  let seedUrl: string;
  before(async () => {
    backend = await startTsBackend([greeter, contact]);
    seed = await startTsBackend();
    gateway = createWebGateway({ backend: backend.target, allowOrigins: ["http://app.test:5173"] });
    baseUrl = (await gateway.listen(0)).url;
    seedGateway = createWebGateway({ backend: seed.target });
    seedUrl = (await seedGateway.listen(0)).url;
  });
  after(async () => {
    await gateway?.close();
    await seedGateway?.close();
    await backend?.stop();
    await seed?.stop();
  });

  it("prints its address as http://127.0.0.1:PORT", () => {
    assert.match(baseUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it("forwards authorization and x-* request headers but not cookie or the gRPC-web markers", async () => {
    const answer = await grpcWebFetch(baseUrl, "/Greeter/SayHello", [toBinary(HelloRequestSchema, create(HelloRequestSchema, { name: "h" }))], {
      headers: { authorization: "Bearer abc", "x-custom": "v", cookie: "session=1" },
    });
    assert.equal(answer.trailers["grpc-status"], "0");
    assert.equal(fromBinary(HelloReplySchema, answer.messages[0]!).message, "Hello, h [authorization=Bearer abc x-custom=v cookie= x-grpc-web=]");
  });

  it("sends an answer that is only a trailer frame in one piece, with a Content-Length", async () => {
    const answer = await grpcWebFetch(baseUrl, "/Greeter/Nope", [new Uint8Array(0)]);
    assert.equal(answer.trailers["grpc-status"], String(Code.UNIMPLEMENTED));
    const trailerFrame = 5 + Object.entries(answer.trailers).reduce((n, [name, value]) => n + `${name}: ${value}\r\n`.length, 0);
    assert.equal(answer.headers.get("content-length"), String(trailerFrame));
    assert.equal(answer.headers.get("transfer-encoding"), null);
  });

  it("returns response headers as headers, and status, message, trailers and grpc-status-details-bin as the trailer frame", async () => {
    const answer = await grpcWebFetch(baseUrl, "/Greeter/SayHello", [toBinary(HelloRequestSchema, create(HelloRequestSchema, { name: "fail" }))]);
    assert.equal(answer.httpStatus, 200);
    assert.equal(answer.headers.get("content-type"), "application/grpc-web+proto");
    assert.equal(answer.headers.get("x-answer"), "42");
    assert.equal(answer.messages.length, 0);
    assert.equal(answer.trailers["grpc-status"], String(Code.FAILED_PRECONDITION));
    // grpc-js percent-encodes the message; the gateway passes it on as sent.
    assert.equal(decodeURIComponent(answer.trailers["grpc-message"]!), "not now: 100% busy");
    assert.equal(answer.trailers["x-trailer"], "t");
    assert.equal(Buffer.from(answer.trailers["grpc-status-details-bin"]!, "base64").toString("hex"), statusDetails.toString("hex"));
    // The browser's client sees the same: code, message and trailers.
    await assert.rejects(createClient(Greeter, createGrpcWebTransport({ baseUrl })).sayHello({ name: "fail" }), (e: unknown) => {
      assert.ok(e instanceof ConnectError);
      assert.equal(e.code, ConnectCode.FailedPrecondition);
      assert.equal(e.rawMessage, "not now: 100% busy");
      assert.equal(e.metadata.get("x-trailer"), "t");
      return true;
    });
  });

  it("speaks application/grpc-web-text, including a body of several padded base64 parts", async () => {
    const hello = await grpcWebFetch(baseUrl, "/Greeter/SayHello", [toBinary(HelloRequestSchema, create(HelloRequestSchema, { name: "text" }))], {
      text: true,
    });
    assert.equal(hello.headers.get("content-type"), "application/grpc-web-text+proto");
    assert.equal(fromBinary(HelloReplySchema, hello.messages[0]!).message, "Hello, text [authorization= x-custom= cookie= x-grpc-web=]");
    // grpc-web's text mode may encode each message on its own: padding then sits mid-body.
    const points = [
      { latitude: 409146138, longitude: -746188906 },
      { latitude: 0, longitude: 0 },
    ].map((p) => encodeGrpcWebBody([toBinary(PointSchema, create(PointSchema, p))]));
    const body = points.map((p) => Buffer.from(p).toString("base64")).join("");
    assert.match(body, /=[^=]/, "the body has padding in the middle");
    const response = await fetch(`${seedUrl}/routeguide.RouteGuide/RecordRoute`, {
      method: "POST",
      headers: { "content-type": "application/grpc-web-text" },
      body,
    });
    const decoded = decodeGrpcWebResponse(new Uint8Array(Buffer.from(await response.text(), "base64")));
    assert.equal(decoded.trailers["grpc-status"], "0");
    const summary = fromBinary(RouteSummarySchema, decoded.messages[0]!);
    assert.deepEqual([summary.pointCount, summary.featureCount], [2, 1]);
  });

  it("passes grpc-timeout to the backend, whose handler sees the deadline and is stopped, and answers DEADLINE_EXCEEDED", async () => {
    const started = Date.now();
    // By hand rather than with connect-web, whose own timer aborts the fetch at the deadline too.
    const answer = await grpcWebFetch(baseUrl, "/Contact/getTask", [new Uint8Array()], { headers: { "grpc-timeout": "400m", "x-test-id": "deadline" } });
    assert.equal(answer.messages.length, 1, "the task sent before the deadline arrives");
    assert.equal(answer.trailers["grpc-status"], String(Code.DEADLINE_EXCEEDED));
    const deadline = seen.deadlines.get("deadline");
    assert.ok(deadline !== undefined, "the backend handler got a deadline");
    assert.ok(Math.abs(deadline.getTime() - (started + 400)) < 300, `deadline ${deadline.getTime() - started} ms after the call started`);
    assert.ok(await eventually(() => seen.endings.has("deadline")), "the handler still ran 5 s after its deadline");
    // grpc-js ends the call at the deadline; the handler's signal follows with DEADLINE_EXCEEDED or, when
    // grpc-js's own cancellation fires first, CANCELLED: either way the handler stopped at its deadline.
    const reason = seen.endings.get("deadline");
    assert.ok(reason instanceof RpcError && [Code.DEADLINE_EXCEEDED, Code.CANCELLED].includes(reason.code), `handler ended with ${String(reason)}`);
    // connect-web's timeoutMs sends grpc-timeout too, and its caller sees DEADLINE_EXCEEDED.
    const transport = createGrpcWebTransport({ baseUrl, interceptors: [(next) => (req) => (req.header.set("x-test-id", "deadline-connect"), next(req))] });
    await assert.rejects(
      (async () => {
        for await (const t of createClient(Contact, transport).getTask({}, { timeoutMs: 300 })) assert.equal(t.task, "one");
      })(),
      (e: unknown) => ConnectError.from(e).code === ConnectCode.DeadlineExceeded,
    );
    assert.ok(seen.deadlines.get("deadline-connect") !== undefined);
    assert.ok(await eventually(() => seen.endings.has("deadline-connect")));
  });

  it("cancels the backend call when the client goes away: the handler's signal aborts with CANCELLED", async () => {
    const controller = new AbortController();
    const transport = createGrpcWebTransport({ baseUrl, interceptors: [(next) => (req) => (req.header.set("x-test-id", "cancel"), next(req))] });
    await assert.rejects(
      (async () => {
        for await (const t of createClient(Contact, transport).getTask({}, { signal: controller.signal })) {
          assert.equal(t.task, "one");
          controller.abort();
        }
      })(),
      (e: unknown) => ConnectError.from(e).code === ConnectCode.Canceled,
    );
    assert.ok(await eventually(() => seen.endings.has("cancel")), "the backend handler was still running 5 s after the client left");
    assert.equal(seen.deadlines.get("cancel"), undefined, "no deadline was set");
    const reason = seen.endings.get("cancel");
    assert.ok(reason instanceof RpcError && reason.code === Code.CANCELLED, `handler ended with ${String(reason)}`);
  });

  it("answers a CORS preflight for an allowed origin, and 403 for another", async () => {
    const ok = await fetch(`${baseUrl}/Greeter/SayHello`, {
      method: "OPTIONS",
      headers: {
        origin: "http://app.test:5173",
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type,x-grpc-web,x-user-agent,grpc-timeout,authorization,x-trace,cookie",
      },
    });
    assert.equal(ok.status, 204);
    assert.equal(ok.headers.get("access-control-allow-origin"), "http://app.test:5173");
    assert.equal(ok.headers.get("access-control-allow-methods"), "POST");
    assert.deepEqual(ok.headers.get("access-control-allow-headers")!.split(", ").sort(), [
      "authorization",
      "content-type",
      "grpc-accept-encoding",
      "grpc-encoding",
      "grpc-timeout",
      "x-grpc-web",
      "x-trace",
      "x-user-agent",
    ]);
    const denied = await fetch(`${baseUrl}/Greeter/SayHello`, {
      method: "OPTIONS",
      headers: { origin: "http://evil.test", "access-control-request-method": "POST" },
    });
    assert.equal(denied.status, 403);
    assert.equal(await denied.text(), "polyrpc-web: origin http://evil.test is not allowed (see --allow-origin)\n");
    // A page on the gateway's own origin needs no --allow-origin (browsers send Origin on every POST).
    const same = await grpcWebFetch(baseUrl, "/Greeter/SayHello", [toBinary(HelloRequestSchema, create(HelloRequestSchema, { name: "s" }))], {
      headers: { origin: baseUrl },
    });
    assert.equal(same.trailers["grpc-status"], "0");
    assert.equal(same.headers.get("access-control-allow-origin"), null);
    // The actual call from the allowed origin exposes the gRPC headers to the page.
    const call = await grpcWebFetch(baseUrl, "/Greeter/SayHello", [toBinary(HelloRequestSchema, create(HelloRequestSchema, { name: "o" }))], {
      headers: { origin: "http://app.test:5173" },
    });
    assert.equal(call.headers.get("access-control-allow-origin"), "http://app.test:5173");
    assert.deepEqual(call.headers.get("access-control-expose-headers")!.split(", ").slice(0, 3), ["grpc-status", "grpc-message", "grpc-status-details-bin"]);
    assert.ok(call.headers.get("access-control-expose-headers")!.split(", ").includes("x-answer"));
  });

  it("answers UNIMPLEMENTED for a method the backend does not have", async () => {
    const answer = await grpcWebFetch(baseUrl, "/routeguide.RouteGuide/GetFeature", [new Uint8Array()]);
    assert.equal(answer.trailers["grpc-status"], String(Code.UNIMPLEMENTED));
    assert.match(decodeURIComponent(answer.trailers["grpc-message"]!), /routeguide\.RouteGuide\/GetFeature/);
  });

  it("refuses a message over 4 MiB with RESOURCE_EXHAUSTED, without calling the backend", async () => {
    const calls = seen.sayHello;
    await assert.rejects(createClient(Greeter, createGrpcWebTransport({ baseUrl })).sayHello({ name: "x".repeat(4 * 1024 * 1024) }), (e: unknown) => {
      assert.ok(e instanceof ConnectError);
      assert.equal(e.code, ConnectCode.ResourceExhausted);
      assert.equal(e.rawMessage, "request message of 4194309 bytes exceeds the limit of 4194304 bytes");
      return true;
    });
    assert.equal(seen.sayHello, calls);
  });

  it("rejects a non-POST request with 405 and a non-gRPC-web content type with 415", async () => {
    const get = await fetch(`${baseUrl}/Greeter/SayHello`);
    assert.equal(get.status, 405);
    assert.equal(await get.text(), "polyrpc-web: method GET not allowed; gRPC-web calls are POST\n");
    const json = await fetch(`${baseUrl}/Greeter/SayHello`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    assert.equal(json.status, 415);
    assert.match(await json.text(), /content-type "application\/json" is not gRPC-web/);
  });

  it("answers INVALID_ARGUMENT for a malformed grpc-timeout or a truncated body", async () => {
    const timeout = await grpcWebFetch(baseUrl, "/Greeter/SayHello", [new Uint8Array()], { headers: { "grpc-timeout": "soon" } });
    assert.equal(timeout.trailers["grpc-status"], String(Code.INVALID_ARGUMENT));
    assert.equal(decodeURIComponent(timeout.trailers["grpc-message"]!), 'invalid grpc-timeout "soon": expected 1-8 digits and a unit (H, M, S, m, u, n)');
    const response = await fetch(`${baseUrl}/Greeter/SayHello`, {
      method: "POST",
      headers: { "content-type": "application/grpc-web+proto" },
      body: new Uint8Array([0, 0, 0, 0, 9, 1]),
    });
    const truncated = decodeGrpcWebResponse(new Uint8Array(await response.arrayBuffer()));
    assert.equal(truncated.trailers["grpc-status"], String(Code.INVALID_ARGUMENT));
    assert.equal(decodeURIComponent(truncated.trailers["grpc-message"]!), "truncated request body: it ends inside a grpc message frame");
  });

  it("answers UNAVAILABLE at once when the backend is down", async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createNetServer().listen(0, "127.0.0.1", () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    const down = createWebGateway({ backend: `127.0.0.1:${port}` });
    const { url } = await down.listen(0);
    try {
      const started = performance.now();
      await assert.rejects(createClient(Greeter, createGrpcWebTransport({ baseUrl: url })).sayHello({ name: "x" }, { timeoutMs: 10_000 }), (e: unknown) => {
        assert.ok(e instanceof ConnectError);
        assert.equal(e.code, ConnectCode.Unavailable);
        assert.match(e.rawMessage, new RegExp(`^backend 127\\.0\\.0\\.1:${port} unavailable: .*ECONNREFUSED`));
        return true;
      });
      assert.ok(performance.now() - started < 2000);
    } finally {
      await down.close();
    }
  });

  it("serves h2 and HTTP/1.1 over TLS", async () => {
    const dir = mkdtempSync(join(tmpdir(), "polyrpc-web-"));
    const certs = makeTestCertificates(dir);
    const secure = createWebGateway({ backend: backend.target, tls: { cert: readFileSync(certs.serverCert), key: readFileSync(certs.serverKey) } });
    const { url } = await secure.listen(0);
    const session = connect(url, { ca: readFileSync(certs.ca) });
    try {
      assert.match(url, /^https:\/\/127\.0\.0\.1:\d+$/);
      const stream = session.request({ ":method": "POST", ":path": "/Greeter/SayHello", "content-type": "application/grpc-web+proto" });
      stream.end(encodeGrpcWebBody([toBinary(HelloRequestSchema, create(HelloRequestSchema, { name: "h2" }))]));
      const chunks: Buffer[] = [];
      let status = 0;
      stream.on("response", (h) => (status = Number(h[constants.HTTP2_HEADER_STATUS])));
      for await (const chunk of stream) chunks.push(chunk as Buffer);
      assert.equal(status, 200);
      const answer = decodeGrpcWebResponse(new Uint8Array(Buffer.concat(chunks)));
      assert.equal(answer.trailers["grpc-status"], "0");
      assert.match(fromBinary(HelloReplySchema, answer.messages[0]!).message, /^Hello, h2 /);
    } finally {
      session.close();
      await secure.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("parseGrpcTimeout", () => {
  it("reads each unit and rejects malformed values", () => {
    assert.equal(parseGrpcTimeout("250m"), 250);
    assert.equal(parseGrpcTimeout("2S"), 2000);
    assert.equal(parseGrpcTimeout("1M"), 60_000);
    assert.equal(parseGrpcTimeout("5000u"), 5);
    assert.equal(parseGrpcTimeout("123456789m"), undefined);
    assert.equal(parseGrpcTimeout("1s"), undefined);
  });
});
