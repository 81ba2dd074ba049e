import type { DescMethod, DescService } from "@bufbuild/protobuf";
import { MethodOptions_IdempotencyLevel } from "@bufbuild/protobuf/wkt";
import { status, type ChannelOptions } from "@grpc/grpc-js";

/**
 * A gRPC retry policy (gRFC A6) for a channel's idempotent methods. A method is idempotent when its proto
 * says so: `option idempotency_level = IDEMPOTENT` or `NO_SIDE_EFFECTS`. Every other method is tried
 * once, because repeating it could do its work twice. grpc-js (like grpcio) retries a call only before
 * the server sent response headers, and not after the call's deadline.
 */
export interface RetryOptions {
  /**
   * Services whose idempotent methods are retried. `createClient` adds its own service, so this is
   * only needed for a channel from `createChannel` shared by several services.
   */
  services?: readonly DescService[];
  /** Attempts in all, the first included; grpc caps it at 5. Default 3. */
  maxAttempts?: number;
  /** Upper bound of the first pause (each pause is random up to its bound). Default 200 ms. */
  initialBackoffMs?: number;
  /** The largest bound a pause can grow to. Default 2000 ms. */
  maxBackoffMs?: number;
  /** How much the bound grows after each attempt. Default 2. */
  backoffMultiplier?: number;
  /** The statuses that are retried. Default UNAVAILABLE only: the server did not process the call. */
  retryableStatusCodes?: readonly status[];
}

/** True when the method's proto declares it safe to repeat (IDEMPOTENT or NO_SIDE_EFFECTS). */
export function isIdempotent(method: DescMethod): boolean {
  return method.idempotency === MethodOptions_IdempotencyLevel.IDEMPOTENT || method.idempotency === MethodOptions_IdempotencyLevel.NO_SIDE_EFFECTS;
}

/** One `methodConfig` entry of a gRPC service config, as far as this module reads it. */
interface MethodConfig {
  name?: { service?: string; method?: string }[];
  [setting: string]: unknown;
}

/**
 * The gRPC service config (JSON, for the channel option `grpc.service_config`) that retries the
 * idempotent methods of `options.services`. polyrpc.retry_service_config (packages/grpc-py) builds the same text in Python.
 *
 * `base`, an existing service config (such as the per-method deadlines of `limits`), is kept: a retried
 * method gets its own entry with the retry policy and the settings (a timeout) that applied to it in
 * `base`, exactly named or by its service, since gRPC allows one entry per name.
 */
export function retryServiceConfig(options: RetryOptions, base?: string): string {
  const retried = (options.services ?? []).flatMap((s) => s.methods.filter(isIdempotent).map((m) => ({ service: s.typeName, method: m.name })));
  const parsed = base === undefined ? {} : (JSON.parse(base) as { methodConfig?: MethodConfig[] });
  const existing = parsed.methodConfig ?? [];
  if (retried.length === 0) return JSON.stringify({ ...parsed, methodConfig: existing });
  const retryPolicy = {
    maxAttempts: options.maxAttempts ?? 3,
    initialBackoff: seconds(options.initialBackoffMs ?? 200),
    maxBackoff: seconds(options.maxBackoffMs ?? 2000),
    backoffMultiplier: options.backoffMultiplier ?? 2,
    retryableStatusCodes: (options.retryableStatusCodes ?? [status.UNAVAILABLE]).map((code) => status[code]),
  };
  const key = (n: { service?: string; method?: string }) => `${n.service ?? ""}/${n.method ?? ""}`;
  const retriedKeys = new Set(retried.map(key));
  // The base entry each retried method inherits from: its own name, else its service's, else the default.
  const inherited = (service: string, method: string) =>
    [`${service}/${method}`, `${service}/`, "/"].map((k) => existing.find((e) => e.name?.some((n) => key(n) === k))).find((e) => e !== undefined);
  const groups = new Map<MethodConfig | undefined, { service: string; method: string }[]>();
  for (const name of retried) {
    const from = inherited(name.service, name.method);
    groups.set(from, [...(groups.get(from) ?? []), name]);
  }
  const kept = existing.flatMap((e) => {
    const names = (e.name ?? []).filter((n) => !retriedKeys.has(key(n)));
    return names.length === 0 && e.name !== undefined && e.name.length > 0 ? [] : [{ ...e, name: names }];
  });
  const added = [...groups].map(([from, name]) => {
    const { name: _, retryPolicy: __, ...settings } = from ?? {};
    return { ...settings, name, retryPolicy };
  });
  return JSON.stringify({ ...parsed, methodConfig: [...kept, ...added] });
}

/**
 * The channel options with the retry policy added to their service config (internal: used by
 * createChannel). Without `retry`, the options are returned as they are.
 */
export function withRetryPolicy(channelOptions: ChannelOptions, retry: RetryOptions | undefined): ChannelOptions {
  if (retry === undefined) return channelOptions;
  const base = channelOptions["grpc.service_config"];
  return { ...channelOptions, "grpc.service_config": retryServiceConfig(retry, typeof base === "string" ? base : undefined) };
}

/** A duration as the service config writes it: decimal seconds with an `s` suffix. */
function seconds(ms: number): string {
  return `${ms / 1000}s`;
}
