import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, it } from "node:test";
import { Greeter } from "@polyrpc/stubs";
import { status } from "@grpc/grpc-js";
import { createChannel, createClient } from "./create-client.js";
import { channelOptionsFromLimits, loadLimitsConfig, parseLimitsConfig, serverOptionsFromLimits } from "./limits.js";
import type { RpcError } from "./rpc-error.js";
import { service } from "./service-impl.js";
import { startServer } from "./testdata/start-server.js";

describe("limits config", () => {
  it("maps every setting to its grpc-js option", () => {
    const config = parseLimitsConfig({
      maxReceiveMessageBytes: 8388608,
      maxSendMessageBytes: 8388608,
      maxConcurrentStreams: 64,
      keepalive: { timeMs: 30000, timeoutMs: 5000, permitWithoutCalls: true, minPingIntervalMs: 10000, maxPingStrikes: 2 },
      methodTimeoutsMs: { Greeter: 1500, "routeguide.RouteGuide/GetFeature": 250 },
    });
    assert.deepEqual(serverOptionsFromLimits(config), {
      "grpc.max_receive_message_length": 8388608,
      "grpc.max_send_message_length": 8388608,
      "grpc.max_concurrent_streams": 64,
      "grpc.keepalive_time_ms": 30000,
      "grpc.keepalive_timeout_ms": 5000,
    });
    const channel = channelOptionsFromLimits(config);
    assert.equal(channel["grpc.keepalive_permit_without_calls"], 1);
    assert.deepEqual(JSON.parse(channel["grpc.service_config"] as string), {
      methodConfig: [
        { name: [{ service: "Greeter" }], timeout: "1.500000000s" },
        { name: [{ service: "routeguide.RouteGuide", method: "GetFeature" }], timeout: "0.250000000s" },
      ],
    });
  });

  it("names the setting and the value it rejects", () => {
    assert.throws(() => parseLimitsConfig({ maxReceiveMessageBytes: "4MB" }), {
      message: 'maxReceiveMessageBytes: expected an integer from 0 to 2147483647, got "4MB"',
    });
    assert.throws(() => parseLimitsConfig({ maxConcurrentStreams: 0 }), { message: "maxConcurrentStreams: expected an integer from 1 to 2147483647, got 0" });
    assert.throws(() => parseLimitsConfig({ keepalive: { timeMS: 1 } }), {
      message: "keepalive.timeMS: unknown setting (expected one of timeMs, timeoutMs, permitWithoutCalls, minPingIntervalMs, maxPingStrikes)",
    });
    assert.throws(() => parseLimitsConfig({ keepalive: { permitWithoutCalls: 1 } }), {
      message: "keepalive.permitWithoutCalls: expected true or false, got 1",
    });
    assert.throws(() => parseLimitsConfig({ methodTimeoutsMs: { "Greeter/Say-Hello": 5 } }), /"Greeter\/Say-Hello" is not a service/);
    assert.throws(() => parseLimitsConfig([]), { message: "the config: expected a JSON object, got []" });
  });

  it("names the file when it cannot be read or parsed", () => {
    const dir = mkdtempSync(join(tmpdir(), "polyrpc-limits-"));
    try {
      writeFileSync(join(dir, "bad.json"), "{ maxSendMessageBytes: 1 }");
      assert.throws(() => loadLimitsConfig(join(dir, "bad.json")), new RegExp(`^Error: config ${join(dir, "bad.json")}: .*JSON`));
      assert.throws(() => loadLimitsConfig(join(dir, "none.json")), new RegExp(`^Error: config ${join(dir, "none.json")}: cannot read it: ENOENT`));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("gives calls without a deadline the method's default timeout, and the handler sees it", async () => {
    const deadlines: (Date | undefined)[] = [];
    const t = await startServer({
      services: [
        service(Greeter, {
          async sayHello(req, ctx) {
            deadlines.push(ctx.deadline);
            await sleep(req.name === "slow" ? 5000 : 0, undefined, { signal: ctx.signal }).catch(() => {});
            return { message: "done" };
          },
        }),
      ],
    });
    const channel = createChannel(t.target, { limits: { methodTimeoutsMs: { Greeter: 300 } } });
    try {
      const client = createClient(Greeter, channel);
      const started = performance.now();
      const error = (await client.sayHello({ name: "slow" }).catch((e: unknown) => e)) as RpcError;
      assert.equal(error.code, status.DEADLINE_EXCEEDED);
      // Not before the configured 300 ms (a deadline cannot pass early; later is fine on a loaded machine).
      assert.ok(performance.now() - started >= 290, `failed after ${performance.now() - started} ms`);
      // A call's own deadline wins over the default (service config timeouts only shorten deadlines).
      assert.equal((await client.sayHello({ name: "fast" }, { timeoutMs: 20_000 })).message, "done");
      assert.ok(deadlines[0] !== undefined, "the server saw the default deadline");
    } finally {
      channel.close();
      await t.close();
    }
  });
});
