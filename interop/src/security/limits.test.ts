// The shared limits config across the language boundary: the TypeScript client against the Python server
// started with `serve_all --config` (polyrpc-server takes the same file). Message sizes at the limit and one
// byte over, concurrent streams, keepalive pings the server accepts or punishes, and default deadlines.
// The Python client against polyrpc-server is interop/python/tests/test_security.py.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { after, before, describe, it } from "node:test";
import { createChannel, createClient, RpcError, type LimitsConfig } from "@polyrpc/grpc";
import { Contact, Greeter, RouteGuide } from "@polyrpc/stubs";
import { Metadata, status, type Client as GrpcClient } from "@grpc/grpc-js";
import { startServerProcess, type ServerProcess } from "../matrix/server-process.js";

const MiB = 1024 * 1024;
/** The raised limits: 8 MiB in, 5 MiB out, two streams per connection, and a ping policy of one per second. */
const raised: LimitsConfig = {
  maxReceiveMessageBytes: 8 * MiB,
  maxSendMessageBytes: 5 * MiB,
  maxConcurrentStreams: 2,
  keepalive: { minPingIntervalMs: 1000, maxPingStrikes: 2 },
};

/**
 * A routeguide.Point of exactly `size` bytes: latitude 1 (2 bytes) and an unknown length-delimited field 15
 * as padding, which both runtimes skip. Sizes from 2 MiB to 256 MiB take a 4-byte length.
 */
function pointOfSize(size: number): Buffer {
  const padding = size - 2 - 1 - 4;
  const length = Buffer.from([(padding & 0x7f) | 0x80, ((padding >> 7) & 0x7f) | 0x80, ((padding >> 14) & 0x7f) | 0x80, padding >> 21]);
  return Buffer.concat([Buffer.from([0x08, 0x01, 0x7a]), length, Buffer.alloc(padding, 0x61)]);
}

/** Raw unary call: `OK <response bytes>` or `CODE`. */
function rawUnary(channel: GrpcClient, path: string, request: Buffer): Promise<string> {
  return new Promise((resolve) => {
    channel.makeUnaryRequest(
      path,
      (b: Buffer) => b,
      (b: Buffer) => b,
      request,
      new Metadata(),
      { deadline: Date.now() + 30_000 },
      (error, response) => resolve(error !== null ? `${status[error.code]}` : `OK ${response!.length}`),
    );
  });
}

/** Raw client-streaming call with one request: `OK <response bytes>` or `CODE`. */
function rawClientStream(channel: GrpcClient, path: string, request: Buffer): Promise<string> {
  return new Promise((resolve) => {
    const call = channel.makeClientStreamRequest(
      path,
      (b: Buffer) => b,
      (b: Buffer) => b,
      new Metadata(),
      { deadline: Date.now() + 30_000 },
      (error, response) => resolve(error !== null ? `${status[error.code]}` : `OK ${response!.length}`),
    );
    call.write(request);
    call.end();
  });
}

const isServing = async (channel: GrpcClient) => (await rawUnary(channel, "/grpc.health.v1.Health/Check", Buffer.alloc(0))) === "OK 2";

describe("TypeScript client -> Python server: the shared limits config", () => {
  let dir: string;
  let plain: ServerProcess;
  let limited: ServerProcess;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "polyrpc-interop-limits-"));
    writeFileSync(join(dir, "limits.json"), JSON.stringify(raised));
    [plain, limited] = await Promise.all([startServerProcess("py"), startServerProcess("py", ["--config", join(dir, "limits.json")])]);
  });
  after(async () => {
    await Promise.all([plain?.stop(), limited?.stop()]);
    rmSync(dir, { recursive: true, force: true });
  });

  // GetFeature answers with the request's point, unknown field and all, so the client's own receive
  // limit is raised: only the server's limit is under test.
  it("accepts a request of exactly 4 MiB by default, refuses one byte more with RESOURCE_EXHAUSTED, and stays healthy", async () => {
    const channel = createChannel(plain.target, { limits: { maxReceiveMessageBytes: 16 * MiB } });
    try {
      assert.match(await rawUnary(channel, "/routeguide.RouteGuide/GetFeature", pointOfSize(4 * MiB)), /^OK /);
      assert.equal(await rawUnary(channel, "/routeguide.RouteGuide/GetFeature", pointOfSize(4 * MiB + 1)), "RESOURCE_EXHAUSTED");
      assert.ok(await isServing(channel));
    } finally {
      channel.close();
    }
  });

  it("accepts exactly the raised receive limit and refuses one byte more", async () => {
    // RecordRoute answers with a small summary, which the raised server's 5 MiB send limit lets through.
    const channel = createChannel(limited.target);
    try {
      assert.match(await rawClientStream(channel, "/routeguide.RouteGuide/RecordRoute", pointOfSize(8 * MiB)), /^OK /);
      assert.equal(await rawClientStream(channel, "/routeguide.RouteGuide/RecordRoute", pointOfSize(8 * MiB + 1)), "RESOURCE_EXHAUSTED");
      assert.ok(await isServing(channel));
    } finally {
      channel.close();
    }
  });

  it("sends a reply of exactly the send limit and refuses to send one byte more", async () => {
    // HelloReply{message: "Hello, " + name} takes 1 + 4 + 7 + name bytes.
    const channel = createChannel(limited.target, { limits: { maxReceiveMessageBytes: 16 * MiB } });
    const greeter = createClient(Greeter, channel);
    const reply = (nameLength: number) =>
      greeter.sayHello({ name: "n".repeat(nameLength) }, { timeoutMs: 30_000 }).then(
        (r) => `OK ${r.message.length}`,
        (e: unknown) => status[RpcError.from(e).code],
      );
    try {
      assert.equal(await reply(5 * MiB - 12), `OK ${5 * MiB - 5}`);
      assert.equal(await reply(5 * MiB - 11), "RESOURCE_EXHAUSTED");
      assert.ok(await isServing(channel));
    } finally {
      channel.close();
    }
  });

  it("holds a third call back while two streams are open on a connection limited to two", async () => {
    const channel = createChannel(limited.target);
    const contact = createClient(Contact, channel);
    const controllers = [new AbortController(), new AbortController()];
    const streams = controllers.map((c) => contact.getTask({}, { signal: c.signal, timeoutMs: 60_000 })[Symbol.asyncIterator]());
    try {
      // Both streams deliver a push, so both are open on the server.
      const firsts = await Promise.all(streams.map((s) => s.next()));
      assert.deepEqual(
        firsts.map((f) => f.done),
        [false, false],
      );
      let third = "pending";
      const call = createClient(Greeter, channel)
        .sayHello({ name: "third" }, { timeoutMs: 60_000 })
        .then((r) => (third = r.message));
      await sleep(1500);
      assert.equal(third, "pending", "the third call waits for a free stream");
      controllers[0]!.abort();
      await call;
      assert.equal(third, "Hello, third");
    } finally {
      for (const c of controllers) c.abort();
      await Promise.all(streams.map((s) => s.return?.(undefined).catch(() => {})));
      channel.close();
    }
  });

  /**
   * Keeps a RecordRoute call open without sending points (so neither side sends data) while the client
   * pings every `pingMs`, for up to `holdMs`; then half-closes. Resolves to `OK <pointCount>` when the
   * call survived, or the error's `CODE: message` when the server cut it.
   */
  async function holdWithPings(target: string, pingMs: number, holdMs: number): Promise<string> {
    const channel = createChannel(target, { limits: { keepalive: { timeMs: pingMs, timeoutMs: 5000 } } });
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    async function* nothingUntilReleased() {
      await released;
    }
    const call = createClient(RouteGuide, channel)
      .recordRoute(nothingUntilReleased(), { timeoutMs: holdMs + 30_000 })
      .then(
        (summary) => `OK ${summary.pointCount}`,
        (e: unknown) => `${status[RpcError.from(e).code]}: ${RpcError.from(e).message}`,
      );
    const timer = setTimeout(release, holdMs);
    try {
      return await call;
    } finally {
      clearTimeout(timer);
      release();
      channel.close();
    }
  }

  it("lets a client ping every 1.5 s for 4 s when the server allows one ping a second", async () => {
    assert.equal(await holdWithPings(limited.target, 1500, 4000), "OK 0");
  });

  it("sends a client that pings every 100 ms a too_many_pings GOAWAY, failing its call", async () => {
    // The GOAWAY carries ENHANCE_YOUR_CALM, which grpc-js reports as RESOURCE_EXHAUSTED (and logs
    // "rejected by server because of excess pings", then doubles its ping interval).
    const outcome = await holdWithPings(limited.target, 100, 10_000);
    assert.equal(outcome, "RESOURCE_EXHAUSTED: Bandwidth exhausted or memory limit exceeded");
  });

  it("applies the config's default deadline to a call made without one", async () => {
    const channel = createChannel(plain.target, { limits: { methodTimeoutsMs: { "Contact/getTask": 700 } } });
    const started = performance.now();
    let received = 0;
    try {
      for await (const _ of createClient(Contact, channel).getTask({})) received++;
      assert.fail("the stream never ends by itself");
    } catch (e) {
      assert.equal(RpcError.from(e).code, status.DEADLINE_EXCEEDED);
      assert.ok(performance.now() - started >= 690, "not before the configured 700 ms");
      assert.ok(received >= 1, "tasks arrived before the deadline");
    } finally {
      channel.close();
    }
  });
});
