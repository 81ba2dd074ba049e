// The load and soak tests (`pnpm test:soak`): loopback only, bounded in count and time. Not part of
// `pnpm test` because they take about a minute of a CPU; CI runs them right after it.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { createChannel, createClient, createServer, type PolyServer } from "@polyrpc/grpc";
import { createSeedServices } from "@polyrpc/server";
import { Greeter } from "@polyrpc/stubs";
import { startServerProcess } from "../matrix/server-process.js";
import { runConcurrentStreams } from "./concurrent-streams.js";
import { measureMemory, runUnaryCalls } from "./unary-soak.js";

const mib = (bytes: number) => (bytes / 1048576).toFixed(1);
const streamOptions = { streams: 1000, messagesPerStream: 5, channels: 4, timeoutMs: 120_000 };

describe("1,000 concurrent streams", () => {
  it("the TypeScript server holds 1,000 bidi streams open at once and answers every message of each", { timeout: 180_000 }, async () => {
    const server = await startInProcess();
    try {
      const result = await runConcurrentStreams(`127.0.0.1:${server.port}`, streamOptions);
      console.log(`ts server: ${result.completed}/1000 streams complete in ${Math.round(result.elapsedMs)} ms`);
      assert.deepEqual(result.failures.slice(0, 3), []);
      assert.equal(result.completed, 1000);
    } finally {
      await server.server.shutdown(0);
    }
  });

  it("the Python server holds 1,000 bidi streams open at once and answers every message of each", { timeout: 180_000 }, async () => {
    // grpcio runs each stream on a worker thread for its whole life, so 1,000 open streams need as many.
    const server = await startServerProcess("py", ["--max-workers", "1024"]);
    try {
      const result = await runConcurrentStreams(server.target, streamOptions);
      console.log(`py server: ${result.completed}/1000 streams complete in ${Math.round(result.elapsedMs)} ms`);
      assert.deepEqual(result.failures.slice(0, 3), []);
      assert.equal(result.completed, 1000);
    } finally {
      await server.stop();
    }
  });
});

describe("the grpc.aio server under load", () => {
  it("the Python grpc.aio server holds 1,000 bidi streams open at once and answers every message of each", { timeout: 180_000 }, async () => {
    // No thread per stream on grpc.aio: the streams are coroutines on one event loop.
    const server = await startServerProcess("py-aio");
    try {
      const result = await runConcurrentStreams(server.target, streamOptions);
      console.log(`py-aio server: ${result.completed}/1000 streams complete in ${Math.round(result.elapsedMs)} ms`);
      assert.deepEqual(result.failures.slice(0, 3), []);
      assert.equal(result.completed, 1000);
    } finally {
      await server.stop();
    }
  });

  it("100,000 unary calls leave the grpc.aio server's resident memory where it was after the warm-up", { timeout: 480_000 }, async () => {
    const server = await startServerProcess("py-aio");
    const channels = Array.from({ length: 4 }, () => createChannel(server.target));
    const clients = channels.map((channel) => createClient(Greeter, channel));
    try {
      // Warm-up: the interpreter's allocator pools and grpc's buffers reach their steady size first.
      await runUnaryCalls(clients, 20_000, 128);
      const start = residentBytes(server.pid);
      const calls = 100_000;
      const began = performance.now();
      await runUnaryCalls(clients, calls, 128);
      const seconds = (performance.now() - began) / 1000;
      const end = residentBytes(server.pid);
      console.log(
        `py-aio soak: ${calls} unary calls in ${seconds.toFixed(1)} s (${Math.round(calls / seconds)}/s); server rss ${mib(start)} -> ${mib(end)} MiB`,
      );
      // A leak of one small Python object per call (a call context, a closure: 200 bytes or more) grows the
      // server by 20 MB or more over 100,000 calls; 16 MiB (168 bytes per call) catches it and tolerates
      // the allocator's own drift.
      assert.ok(end - start < 16 * 1048576, `server rss grew by ${mib(end - start)} MiB`);
    } finally {
      for (const channel of channels) channel.close();
      await server.stop();
    }
  });
});

/** A process's resident set size (VmRSS in /proc/<pid>/status; Linux). */
function residentBytes(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  if (match === null) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(match[1]) * 1024;
}

describe("unary soak", () => {
  let server: { server: PolyServer; port: number };
  before(async () => (server = await startInProcess()));
  after(() => server.server.shutdown(0));

  it("200,000 unary calls leave resident memory and the heap where they started", { timeout: 480_000 }, async () => {
    assert.ok((globalThis as { gc?: unknown }).gc !== undefined, "run with node --expose-gc (pnpm test:soak does)");
    const target = `127.0.0.1:${server.port}`;
    // Several channels and many calls in flight: one channel's client is the bottleneck, not the server.
    const channels = Array.from({ length: 4 }, () => createChannel(target));
    const clients = channels.map((channel) => createClient(Greeter, channel));
    try {
      // Warm-up: JIT, grpc-js's pools and V8's heap reach their steady size before the first figure.
      await runUnaryCalls(clients, 20_000, 128);
      const start = measureMemory();
      const calls = 200_000;
      const began = performance.now();
      await runUnaryCalls(clients, calls, 128);
      const seconds = (performance.now() - began) / 1000;
      const end = measureMemory();
      console.log(
        `soak: ${calls} unary calls in ${seconds.toFixed(1)} s (${Math.round(calls / seconds)}/s); ` +
          `rss ${mib(start.rssBytes)} -> ${mib(end.rssBytes)} MiB; heap after gc ${mib(start.heapUsedBytes)} -> ${mib(end.heapUsedBytes)} MiB`,
      );
      // Thresholds. A leak of one small object per call (a listener, a Metadata, a closure: 100 bytes or
      // more) grows the collected heap by 20 MB or more over 200,000 calls; a steady process moves by about
      // a megabyte between two full collections. 8 MiB (42 bytes per call) catches the first and tolerates
      // the second.
      assert.ok(end.heapUsedBytes - start.heapUsedBytes < 8 * 1048576, `heap after gc grew by ${mib(end.heapUsedBytes - start.heapUsedBytes)} MiB`);
      // RSS also holds freed pages V8 and malloc keep for reuse, so it moves more; 64 MiB (335 bytes per
      // call) still fails a leak that lives outside the JS heap (buffers, native handles) of that size.
      assert.ok(end.rssBytes - start.rssBytes < 64 * 1048576, `rss grew by ${mib(end.rssBytes - start.rssBytes)} MiB`);
    } finally {
      for (const channel of channels) channel.close();
    }
  });
});

/** The seed services in this process, on 127.0.0.1 port 0, printing nothing. */
async function startInProcess(): Promise<{ server: PolyServer; port: number }> {
  const server = createServer({ services: await createSeedServices({ log: () => {} }) });
  const { port } = await server.listen(0, "127.0.0.1");
  return { server, port };
}
