import { readFileSync } from "node:fs";
import type { ChannelOptions, ServerOptions as GrpcServerOptions } from "@grpc/grpc-js";

/**
 * Limits shared by the TypeScript and Python servers and clients: one JSON file (`polyrpc-server --config`,
 * `serve_all --config`), validated the same way on both sides (polyrpc_interop/limits.py mirrors this
 * file). Every field is optional; an absent one keeps the gRPC default. The table in SECURITY.md maps each
 * field to its grpc-js and grpcio option.
 */
export interface LimitsConfig {
  /** Largest message a server or client accepts, in bytes. gRPC default 4 MiB (4194304). */
  maxReceiveMessageBytes?: number;
  /** Largest message a server or client sends, in bytes. gRPC default: unlimited (-1) in grpc-js and grpcio. */
  maxSendMessageBytes?: number;
  /** Server: HTTP/2 SETTINGS_MAX_CONCURRENT_STREAMS, the calls one connection may have open at once. */
  maxConcurrentStreams?: number;
  keepalive?: KeepaliveConfig;
  /**
   * Default deadlines that clients apply (as service config `methodConfig` timeouts) to calls made without
   * one: keys are `package.Service` (every method) or `package.Service/Method`, values milliseconds.
   * Servers do not enforce them: a server cannot stop a client that sets a longer deadline.
   */
  methodTimeoutsMs?: Record<string, number>;
}

/** Keepalive pings, and the server's policy for pings it receives. */
export interface KeepaliveConfig {
  /** Send a keepalive ping after this long without activity (clients and servers), ms. */
  timeMs?: number;
  /** Close the connection when a ping is not acknowledged within this, ms. gRPC default 20000. */
  timeoutMs?: number;
  /** Clients: ping also with no call in flight. Python servers: accept such pings. Default false. */
  permitWithoutCalls?: boolean;
  /**
   * Server policy (grpcio only; grpc-js servers do not police pings): the shortest interval between client
   * pings it accepts while it sends nothing, ms. gRPC default 300000 (5 minutes).
   */
  minPingIntervalMs?: number;
  /** Server policy (grpcio only): bad pings tolerated before a `too_many_pings` GOAWAY. gRPC default 2; 0 = unlimited. */
  maxPingStrikes?: number;
}

const topKeys = ["maxReceiveMessageBytes", "maxSendMessageBytes", "maxConcurrentStreams", "keepalive", "methodTimeoutsMs"];
const keepaliveKeys = ["timeMs", "timeoutMs", "permitWithoutCalls", "minPingIntervalMs", "maxPingStrikes"];
// The largest value a 32-bit channel argument holds, in both grpc-js and gRPC core.
const maxInt32 = 2 ** 31 - 1;

/** Checks a parsed JSON value against {@link LimitsConfig}; throws `<key>: <what is wrong>, got <value>`. */
export function parseLimitsConfig(value: unknown): LimitsConfig {
  const top = asObject(value, "the config");
  rejectUnknown(top, topKeys, "");
  const config: LimitsConfig = {};
  for (const key of ["maxReceiveMessageBytes", "maxSendMessageBytes", "maxConcurrentStreams"] as const) {
    if (top[key] !== undefined) config[key] = integer(top[key], key, key === "maxConcurrentStreams" ? 1 : 0);
  }
  if (top.keepalive !== undefined) {
    const k = asObject(top.keepalive, "keepalive");
    rejectUnknown(k, keepaliveKeys, "keepalive.");
    const keepalive: KeepaliveConfig = {};
    if (k.timeMs !== undefined) keepalive.timeMs = integer(k.timeMs, "keepalive.timeMs", 1);
    if (k.timeoutMs !== undefined) keepalive.timeoutMs = integer(k.timeoutMs, "keepalive.timeoutMs", 1);
    if (k.minPingIntervalMs !== undefined) keepalive.minPingIntervalMs = integer(k.minPingIntervalMs, "keepalive.minPingIntervalMs", 0);
    if (k.maxPingStrikes !== undefined) keepalive.maxPingStrikes = integer(k.maxPingStrikes, "keepalive.maxPingStrikes", 0);
    if (k.permitWithoutCalls !== undefined) {
      if (typeof k.permitWithoutCalls !== "boolean")
        throw new Error(`keepalive.permitWithoutCalls: expected true or false, got ${JSON.stringify(k.permitWithoutCalls)}`);
      keepalive.permitWithoutCalls = k.permitWithoutCalls;
    }
    config.keepalive = keepalive;
  }
  if (top.methodTimeoutsMs !== undefined) {
    const timeouts = asObject(top.methodTimeoutsMs, "methodTimeoutsMs");
    config.methodTimeoutsMs = {};
    for (const [name, ms] of Object.entries(timeouts)) {
      if (!/^[A-Za-z_][\w.]*(\/[A-Za-z_]\w*)?$/.test(name)) {
        throw new Error(`methodTimeoutsMs: ${JSON.stringify(name)} is not a service (package.Service) or a method (package.Service/Method)`);
      }
      config.methodTimeoutsMs[name] = integer(ms, `methodTimeoutsMs.${name}`, 1);
    }
  }
  return config;
}

/** Reads and validates a limits file; errors start with `config <path>: `. */
export function loadLimitsConfig(path: string): LimitsConfig {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new Error(`config ${path}: cannot read it: ${(e as Error).message}`, { cause: e });
  }
  try {
    return parseLimitsConfig(JSON.parse(text));
  } catch (e) {
    throw new Error(`config ${path}: ${(e as Error).message}`, { cause: e });
  }
}

/** The grpc-js server options for a {@link LimitsConfig}. */
export function serverOptionsFromLimits(config: LimitsConfig): GrpcServerOptions {
  const options: GrpcServerOptions = {};
  if (config.maxReceiveMessageBytes !== undefined) options["grpc.max_receive_message_length"] = config.maxReceiveMessageBytes;
  if (config.maxSendMessageBytes !== undefined) options["grpc.max_send_message_length"] = config.maxSendMessageBytes;
  if (config.maxConcurrentStreams !== undefined) options["grpc.max_concurrent_streams"] = config.maxConcurrentStreams;
  const k = config.keepalive;
  if (k?.timeMs !== undefined) options["grpc.keepalive_time_ms"] = k.timeMs;
  if (k?.timeoutMs !== undefined) options["grpc.keepalive_timeout_ms"] = k.timeoutMs;
  // minPingIntervalMs, maxPingStrikes, permitWithoutCalls: grpc-js 1.14 servers have no ping policy to set.
  return options;
}

/** The grpc-js channel options for a {@link LimitsConfig}: sizes, keepalive, and methodTimeoutsMs as a service config. */
export function channelOptionsFromLimits(config: LimitsConfig): ChannelOptions {
  const options: ChannelOptions = {};
  if (config.maxReceiveMessageBytes !== undefined) options["grpc.max_receive_message_length"] = config.maxReceiveMessageBytes;
  if (config.maxSendMessageBytes !== undefined) options["grpc.max_send_message_length"] = config.maxSendMessageBytes;
  const k = config.keepalive;
  if (k?.timeMs !== undefined) options["grpc.keepalive_time_ms"] = k.timeMs;
  if (k?.timeoutMs !== undefined) options["grpc.keepalive_timeout_ms"] = k.timeoutMs;
  if (k?.permitWithoutCalls !== undefined) options["grpc.keepalive_permit_without_calls"] = k.permitWithoutCalls ? 1 : 0;
  if (config.methodTimeoutsMs !== undefined && Object.keys(config.methodTimeoutsMs).length > 0) {
    options["grpc.service_config"] = JSON.stringify(serviceConfigFromTimeouts(config.methodTimeoutsMs));
  }
  return options;
}

/** A gRPC service config with one methodConfig entry per timeout (gRPC A6 / service_config.proto). */
export function serviceConfigFromTimeouts(timeouts: Record<string, number>): {
  methodConfig: { name: { service: string; method?: string }[]; timeout: string }[];
} {
  return {
    methodConfig: Object.entries(timeouts).map(([key, ms]) => {
      const [service, method] = key.split("/") as [string, string | undefined];
      // Nine fraction digits: grpc-js 1.14 reads the fraction as a count of nanoseconds ("0.3s" would be
      // 3 ns), and the proto3 JSON Duration form with nine digits means the same to grpcio.
      const seconds = Math.floor(ms / 1000);
      const nanos = String((ms % 1000) * 1_000_000).padStart(9, "0");
      return { name: [method === undefined ? { service } : { service, method }], timeout: `${seconds}.${nanos}s` };
    }),
  };
}

function asObject(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new Error(`${what}: expected a JSON object, got ${JSON.stringify(value)}`);
  return value as Record<string, unknown>;
}

function rejectUnknown(object: Record<string, unknown>, known: readonly string[], prefix: string): void {
  for (const key of Object.keys(object)) {
    if (!known.includes(key)) throw new Error(`${prefix}${key}: unknown setting (expected one of ${known.join(", ")})`);
  }
}

function integer(value: unknown, key: string, min: number): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > maxInt32) {
    throw new Error(`${key}: expected an integer from ${min} to ${maxInt32}, got ${JSON.stringify(value)}`);
  }
  return value;
}
