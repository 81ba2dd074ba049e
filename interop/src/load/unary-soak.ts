import type { Client } from "@polyrpc/grpc";
import type { Greeter } from "@polyrpc/stubs";

/** Resident set size and V8 heap in use, in bytes. */
export interface MemorySnapshot {
  rssBytes: number;
  heapUsedBytes: number;
}

/**
 * Measures memory after a full collection when the process runs with `--expose-gc` (twice: the first
 * pass can leave finalizer-held objects for the second); without it, heapUsed includes garbage.
 */
export function measureMemory(): MemorySnapshot {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
  const usage = process.memoryUsage();
  return { rssBytes: usage.rss, heapUsedBytes: usage.heapUsed };
}

/**
 * Makes `count` Greeter.SayHello calls with `inFlight` of them outstanding at any time, spread over the
 * clients in turn, and checks every reply. Rejects on the first wrong reply or failed call.
 */
export async function runUnaryCalls(clients: readonly Client<typeof Greeter>[], count: number, inFlight: number): Promise<void> {
  let next = 0;
  async function worker(w: number): Promise<void> {
    const client = clients[w % clients.length]!;
    while (next < count) {
      const i = next++;
      const reply = await client.sayHello({ name: `soak ${i}` }, { timeoutMs: 30_000 });
      if (reply.message !== `Hello, soak ${i}`) throw new Error(`call ${i}: reply ${JSON.stringify(reply.message)}`);
    }
  }
  await Promise.all(Array.from({ length: inFlight }, (_, w) => worker(w)));
}
