// Fuzz: random bytes, random valid messages and mutated valid messages at every method of the seed
// servers (the seed services, health and reflection). Seeded (POLYRPC_FUZZ_SEED=<n> replays a run; the
// seed is printed), bounded in calls and in time. Every call must end with a status, and the server must
// still be up and answering at the end.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { DescMethod } from "@bufbuild/protobuf";
import { Contact, FirstMsg, Greeter, Indicator, IndicatorGraph, RouteGuide } from "@polyrpc/stubs";
import { startServerProcess } from "../matrix/server-process.js";
import { infrastructureServices } from "./infrastructure-services.js";
import { createRandom, randomBytes, randomMessage } from "./random-messages.js";
import { rawCall, rawChannel, type RawOutcome } from "./raw-call.js";

const seed = Number(process.env["POLYRPC_FUZZ_SEED"] ?? Math.floor(Math.random() * 2 ** 31));
const methods: DescMethod[] = [Greeter, FirstMsg, RouteGuide, Contact, Indicator, IndicatorGraph, ...infrastructureServices].flatMap((s) => s.methods);
// Per-call deadline: streams that never end on their own (Contact.getTask, Health.Watch) end here.
const deadlineMs = 1000;
// A call without a status this long after its deadline has hung.
const hangMs = deadlineMs + 10_000;
const inFlight = 8;

type Kind = "random bytes" | "valid message" | "mutated message";

/** The requests of one fuzz call: one for unary-request methods, one to three for streaming ones. */
function requestsFor(random: () => number, method: DescMethod, kind: Kind): Uint8Array[] {
  const count = method.methodKind === "client_streaming" || method.methodKind === "bidi_streaming" ? 1 + Math.floor(random() * 3) : 1;
  return Array.from({ length: count }, () => {
    if (kind === "random bytes") return randomBytes(random, 64);
    const valid = randomMessage(random, method.input);
    if (kind === "valid message") return valid;
    // A valid message with one byte changed, or cut short: near-misses reach deeper into the decoder.
    const mutated = valid.slice(0, random() < 0.5 ? valid.length : Math.floor(random() * valid.length));
    if (mutated.length > 0) mutated[Math.floor(random() * mutated.length)] = Math.floor(random() * 256);
    return mutated;
  });
}

async function fuzz(impl: "ts" | "py", callsPerMethod: number, budgetMs: number): Promise<void> {
  const server = await startServerProcess(impl);
  const channel = rawChannel(server.target);
  const random = createRandom(seed);
  const kinds: Kind[] = ["random bytes", "valid message", "mutated message"];
  const plan = methods.flatMap((method) => Array.from({ length: callsPerMethod }, (_, i) => ({ method, kind: kinds[i % kinds.length]! })));
  const requests = plan.map(({ method, kind }) => requestsFor(random, method, kind));
  const tally = new Map<string, number>();
  const hung: string[] = [];
  const failedOnValid: string[] = [];
  const started = performance.now();
  let next = 0;
  let made = 0;
  try {
    const worker = async () => {
      while (next < plan.length && performance.now() - started < budgetMs) {
        const i = next++;
        const { method, kind } = plan[i]!;
        const path = `/${method.parent.typeName}/${method.name}`;
        let timer: NodeJS.Timeout | undefined;
        const outcome = await Promise.race([
          rawCall(channel, path, requests[i]!, deadlineMs),
          new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), hangMs))),
        ]);
        clearTimeout(timer);
        made++;
        if (outcome === undefined) hung.push(`${path} (${kind})`);
        else {
          count(tally, outcome);
          // A valid request may be refused, but never with INTERNAL or UNKNOWN: that is a handler failing.
          if (kind === "valid message" && (outcome.codeName === "INTERNAL" || outcome.codeName === "UNKNOWN")) {
            failedOnValid.push(`${path}: ${outcome.codeName} "${outcome.details}" for ${Buffer.from(requests[i]!.join(",")).toString()}`);
          }
        }
      }
    };
    await Promise.all(Array.from({ length: inFlight }, worker));
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(`fuzz ${impl} server, seed ${seed}: ${made} of ${plan.length} calls in ${seconds} s; statuses ${JSON.stringify(Object.fromEntries(tally))}`);
    assert.deepEqual(hung, [], `calls without a status (seed ${seed})`);
    assert.deepEqual(failedOnValid, [], `valid requests that failed inside the server (seed ${seed})`);
    assert.ok(made >= methods.length, `only ${made} calls fit in the time budget`);
    // Still alive and serving.
    assert.doesNotThrow(() => process.kill(server.pid, 0), `the ${impl} server died (seed ${seed})`);
    const health = await rawCall(channel, "/grpc.health.v1.Health/Check", [new Uint8Array()], 10_000);
    assert.equal(health.codeName, "OK", `health check after the fuzz: ${health.details} (seed ${seed})`);
    assert.deepEqual([...health.responses[0]!], [0x08, 0x01], "the server does not report SERVING");
  } finally {
    channel.close();
    await server.stop();
  }
}

function count(tally: Map<string, number>, outcome: RawOutcome): void {
  tally.set(outcome.codeName, (tally.get(outcome.codeName) ?? 0) + 1);
}

describe(`fuzz (seed ${seed})`, () => {
  it("the TypeScript server answers every call with a status and stays up", { timeout: 120_000 }, () => fuzz("ts", 60, 40_000));
  it("the Python server answers every call with a status and stays up", { timeout: 120_000 }, () => fuzz("py", 30, 25_000));
});
