import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { after, before, describe, it } from "node:test";
import type { MessageShape } from "@bufbuild/protobuf";
import { RouteGuide, type RouteNoteSchema } from "@polyrpc/stubs";
import { Metadata, status, type ServiceError } from "@grpc/grpc-js";
import { answerEach } from "./answer-each.js";
import { createClient } from "./create-client.js";
import type { HandlerContext } from "./handler-context.js";
import { RpcError } from "./rpc-error.js";
import { service } from "./service-impl.js";
import { startServer, type TestServer } from "./testdata/start-server.js";
import { waitFor } from "./testdata/wait-for.js";

type RouteNote = MessageShape<typeof RouteNoteSchema>;

/**
 * The answer under test. The note's message says what to do: `sync:x` answers X at once, `async:<ms>:x`
 * answers x after ms, `hold:x` answers x when the test releases it, and `wait:` answers once the call is over, and the rest fail or set metadata.
 */
function answerNote(note: RouteNote, ctx: HandlerContext): { message: string } | Promise<{ message: string }> {
  seen.push(note.message);
  const [kind = "", arg = "", text = arg] = note.message.split(":");
  switch (kind) {
    case "sync":
      return { message: arg.toUpperCase() };
    case "async":
      return sleep(Number(arg)).then(() => ({ message: text }));
    case "hold":
      if (releaseAll) return { message: arg };
      return new Promise((resolve) => held.push(() => resolve({ message: arg })));
    case "status":
      throw new RpcError(status.RESOURCE_EXHAUSTED, "quota spent on note 2");
    case "reject":
      return Promise.reject(new RpcError(status.ABORTED, "rejected after a pending answer"));
    case "boom":
      throw new Error("secret connection string");
    case "metadata":
      ctx.responseHeaders.set("x-header", "h1");
      ctx.responseTrailers.set("x-trailer", "t1");
      return { message: "with metadata" };
    case "headers-then-status":
      ctx.responseHeaders.set("x-header", "sent before the error");
      throw new RpcError(status.ABORTED, "aborted after setting headers");
    case "null":
      // What an untyped caller could return; null is not a message.
      return (arg === "async" ? Promise.resolve(null) : null) as never;
    case "wait":
      // Pending until the call is over for the handler: what a slow lookup does with its signal.
      signals.push(ctx.signal);
      return new Promise((resolve) => ctx.signal.addEventListener("abort", () => resolve({ message: "too late" })));
    default:
      throw new RpcError(status.INVALID_ARGUMENT, `unknown note ${note.message}`);
  }
}

// What the answers saw, reset by the tests that read it.
let seen: string[] = [];
let held: (() => void)[] = [];
let releaseAll = false;
const signals: AbortSignal[] = [];
let pingsAnswered = 0;

const notes = (...messages: string[]) => messages.map((message) => ({ message }));

async function collect(responses: AsyncIterable<{ message: string }>): Promise<string[]> {
  const got: string[] = [];
  for await (const r of responses) got.push(r.message);
  return got;
}

describe("answerEach", () => {
  let t: TestServer;
  // A second server whose RouteChat answers every note with 64 KiB, for the flow-control test.
  let big: TestServer;
  before(async () => {
    t = await startServer({ services: [service(RouteGuide, { routeChat: answerEach(answerNote) })] });
    big = await startServer({
      services: [
        service(RouteGuide, {
          routeChat: answerEach(() => {
            pingsAnswered++;
            return { message: "x".repeat(64 * 1024) };
          }),
        }),
      ],
    });
  });
  after(async () => {
    await t.close();
    await big.close();
  });

  it("answers each request as it arrives, before the client sends the next", async () => {
    const client = createClient(RouteGuide, t.channel);
    let answered = 0;
    async function* interleaved() {
      for (let i = 0; i < 5; i++) {
        while (answered < i) await sleep(1);
        yield { message: `sync:note ${i}` };
      }
    }
    const got: string[] = [];
    for await (const r of client.routeChat(interleaved())) {
      got.push(r.message);
      answered++;
    }
    assert.deepEqual(got, ["NOTE 0", "NOTE 1", "NOTE 2", "NOTE 3", "NOTE 4"]);
  });

  it("keeps request order when answers are promises that settle out of order", async () => {
    const client = createClient(RouteGuide, t.channel);
    const got = await collect(client.routeChat(notes("async:40:a", "sync:b", "async:1:c", "sync:d", "async:15:e", "sync:f")));
    assert.deepEqual(got, ["a", "B", "c", "D", "e", "F"]);
  });

  it("ends a stream the client half-closes at once without a message", async () => {
    const client = createClient(RouteGuide, t.channel);
    assert.deepEqual(await collect(client.routeChat([])), []);
  });

  it("sends the headers and trailers the answer set", async () => {
    const client = createClient(RouteGuide, t.channel);
    let header: unknown;
    let trailer: unknown;
    const got = await collect(
      client.routeChat(notes("metadata:"), {
        onHeader: (m) => (header = m.get("x-header")[0]),
        onTrailer: (m) => (trailer = m.get("x-trailer")[0]),
      }),
    );
    assert.deepEqual(got, ["with metadata"]);
    assert.equal(header, "h1");
    assert.equal(trailer, "t1");
  });

  it("sends the headers an answer set before it failed, with the status", async () => {
    const client = createClient(RouteGuide, t.channel);
    let header: unknown;
    await assert.rejects(
      collect(client.routeChat(notes("headers-then-status:"), { onHeader: (m) => (header = m.get("x-header")[0]) })),
      (e: unknown) => e instanceof RpcError && e.code === status.ABORTED && e.message === "aborted after setting headers",
    );
    assert.equal(header, "sent before the error");
  });

  it("ends the call with a thrown RpcError's status after the answers before it, and answers nothing after", async () => {
    const client = createClient(RouteGuide, t.channel);
    seen = [];
    const got: string[] = [];
    await assert.rejects(
      (async () => {
        for await (const r of client.routeChat(notes("sync:one", "status:", "sync:never"))) got.push(r.message);
      })(),
      (e: unknown) => e instanceof RpcError && e.code === status.RESOURCE_EXHAUSTED && e.message === "quota spent on note 2",
    );
    assert.deepEqual(got, ["ONE"]);
    assert.deepEqual(seen, ["sync:one", "status:"]);
  });

  it("ends the call with a rejected answer's status once the pending answers before it are written", async () => {
    const client = createClient(RouteGuide, t.channel);
    const got: string[] = [];
    await assert.rejects(
      (async () => {
        for await (const r of client.routeChat(notes("async:30:first", "reject:"))) got.push(r.message);
      })(),
      (e: unknown) => e instanceof RpcError && e.code === status.ABORTED && e.message === "rejected after a pending answer",
    );
    assert.deepEqual(got, ["first"]);
  });

  it("answers INTERNAL with a generic message for an unexpected error and logs the cause", async () => {
    const client = createClient(RouteGuide, t.channel);
    const before = t.logged.length;
    await assert.rejects(
      collect(client.routeChat(notes("boom:"))),
      (e: unknown) => e instanceof RpcError && e.code === status.INTERNAL && e.message === "internal error",
    );
    const entry = t.logged[before];
    assert.equal(entry?.message, "/routeguide.RouteGuide/RouteChat failed with an unexpected error");
    assert.equal((entry?.cause as Error | undefined)?.message, "secret connection string");
  });

  for (const when of ["sync", "async"]) {
    it(`answers INTERNAL for a ${when} answer that is null, and keeps serving`, async () => {
      const client = createClient(RouteGuide, t.channel);
      const before = t.logged.length;
      await assert.rejects(
        collect(client.routeChat(notes(`null:${when}`))),
        (e: unknown) => e instanceof RpcError && e.code === status.INTERNAL && e.message === "internal error",
      );
      assert.equal(t.logged.length, before + 1);
      assert.deepEqual(await collect(client.routeChat(notes("sync:still here"))), ["STILL HERE"]);
    });
  }

  it("answers INTERNAL naming the field for a request that does not decode, without calling the answer", async () => {
    seen = [];
    const identity = (b: Buffer) => b;
    const call = t.channel.makeBidiStreamRequest("/routeguide.RouteGuide/RouteChat", identity, identity, new Metadata());
    const error = await new Promise<ServiceError>((resolve) => {
      call.on("data", () => {});
      call.on("error", resolve);
      // RouteNote.message (field 2) holding the bytes ff fe: not UTF-8.
      call.end(Buffer.from([0x12, 0x02, 0xff, 0xfe]));
    });
    assert.equal(error.code, status.INTERNAL);
    assert.equal(error.details, "invalid request: string field routeguide.RouteNote.message is not valid UTF-8");
    assert.deepEqual(seen, []);
  });

  it("aborts the context's signal with CANCELLED when the client cancels while an answer is pending", async () => {
    const client = createClient(RouteGuide, t.channel);
    const controller = new AbortController();
    signals.length = 0;
    const responses = collect(client.routeChat(notes("wait:"), { signal: controller.signal }));
    await waitFor(() => signals.length === 1);
    controller.abort();
    await assert.rejects(responses, (e: unknown) => e instanceof RpcError && e.code === status.CANCELLED);
    await waitFor(() => signals[0]!.aborted);
    assert.equal((signals[0]!.reason as RpcError).code, status.CANCELLED);
  });

  it("pauses reading at 16 pending answers, then answers every request in order", async () => {
    const client = createClient(RouteGuide, t.channel);
    seen = [];
    held = [];
    releaseAll = false;
    const messages = Array.from({ length: 40 }, (_, i) => `hold:n${i}`);
    const responses = collect(client.routeChat(notes(...messages)));
    await waitFor(() => held.length === 16);
    await sleep(100);
    assert.equal(seen.length, 16, "requests were read past the bound of pending answers");
    releaseAll = true;
    for (const release of held.reverse()) release();
    assert.deepEqual(
      await responses,
      messages.map((m) => m.slice("hold:".length)),
    );
  });

  it("stops reading requests while the client does not read the answers", async () => {
    const client = createClient(RouteGuide, big.channel);
    pingsAnswered = 0;
    const controller = new AbortController();
    const pings = Array.from({ length: 2000 }, () => ({ message: "ping" }));
    const responses = client.routeChat(pings, { signal: controller.signal })[Symbol.asyncIterator]();
    await responses.next();
    await sleep(300);
    // 2000 answers of 64 KiB would be 125 MiB; flow control and the paused reader hold a few MiB.
    assert.ok(pingsAnswered < 200, `server answered ${pingsAnswered} pings for a client that read 1`);
    controller.abort();
    await responses.next().catch(() => {});
  });

  it("is an ordinary async generator over the requests when called directly", async () => {
    const handler = answerEach<typeof RouteNoteSchema, typeof RouteNoteSchema>(answerNote);
    async function* requests() {
      yield* notes("async:10:x", "sync:y") as RouteNote[];
    }
    const got: string[] = [];
    for await (const r of handler(requests(), {} as HandlerContext)) got.push(r.message ?? "");
    assert.deepEqual(got, ["x", "Y"]);
    await assert.rejects(
      (async () => {
        for await (const _ of handler(requests2(), {} as HandlerContext));
      })(),
      (e: unknown) => e instanceof RpcError && e.code === status.RESOURCE_EXHAUSTED,
    );
    async function* requests2() {
      yield* notes("status:") as RouteNote[];
    }
  });
});
