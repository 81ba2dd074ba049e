import type { DescMessage, DescMethod, DescService, MessageInitShape, MessageShape } from "@bufbuild/protobuf";
import {
  Client as GrpcClient,
  credentials as grpcCredentials,
  status,
  type ChannelCredentials,
  type ChannelOptions,
  type ClientDuplexStream,
  type ClientReadableStream,
  type ClientWritableStream,
  type Interceptor,
  type Metadata,
  type ServiceError,
  type StatusObject,
} from "@grpc/grpc-js";
import { toGrpcCallOptions, type CallOptions } from "./call-options.js";
import { ClientCoalescingSink } from "./client-coalescing-sink.js";
import { clientCoalescingUnavailable } from "./grpc-js-internals.js";
import { consoleLogger } from "./logger.js";
import { tokenInterceptor } from "./token-interceptor.js";
import { channelOptionsFromLimits, type LimitsConfig } from "./limits.js";
import { createClientTlsCredentials, type ClientTlsConfig } from "./tls.js";
import { toMetadata } from "./metadata.js";
import { withRetryPolicy, type RetryOptions } from "./retry-policy.js";
import { RpcError } from "./rpc-error.js";
import { createDeserializer, createSerializer } from "./serialization.js";
import { methodPath } from "./service-definition.js";
import { writeMessages } from "./write-messages.js";

/** A unary method on a client: resolves to the response or rejects with an {@link RpcError}. */
export type UnaryFn<I extends DescMessage, O extends DescMessage> = (request: MessageInitShape<I>, options?: CallOptions) => Promise<MessageShape<O>>;
/** A server-streaming method: iterate the responses; the loop throws an {@link RpcError} on a failed status. */
export type ServerStreamingFn<I extends DescMessage, O extends DescMessage> = (
  request: MessageInitShape<I>,
  options?: CallOptions,
) => AsyncIterable<MessageShape<O>>;
/** A client-streaming method: sends every request of the iterable, then resolves to the response. */
export type ClientStreamingFn<I extends DescMessage, O extends DescMessage> = (
  requests: AsyncIterable<MessageInitShape<I>> | Iterable<MessageInitShape<I>>,
  options?: CallOptions,
) => Promise<MessageShape<O>>;
/** A bidi method: requests are sent as the iterable yields them while the responses are iterated. */
export type BidiStreamingFn<I extends DescMessage, O extends DescMessage> = (
  requests: AsyncIterable<MessageInitShape<I>> | Iterable<MessageInitShape<I>>,
  options?: CallOptions,
) => AsyncIterable<MessageShape<O>>;

/** The client function type for one method descriptor, chosen by its streaming kind. */
export type ClientMethod<M extends DescMethod> = M extends { methodKind: "unary"; input: infer I extends DescMessage; output: infer O extends DescMessage }
  ? UnaryFn<I, O>
  : M extends { methodKind: "server_streaming"; input: infer I extends DescMessage; output: infer O extends DescMessage }
    ? ServerStreamingFn<I, O>
    : M extends { methodKind: "client_streaming"; input: infer I extends DescMessage; output: infer O extends DescMessage }
      ? ClientStreamingFn<I, O>
      : M extends { methodKind: "bidi_streaming"; input: infer I extends DescMessage; output: infer O extends DescMessage }
        ? BidiStreamingFn<I, O>
        : never;

/** A typed client for a service: one function per method, keyed by local (camel-case) name. */
export type Client<S extends DescService> = {
  [K in keyof S["method"]]: S["method"][K] extends DescMethod ? ClientMethod<S["method"][K]> : never;
};

/** Options of {@link createChannel}. */
export interface ChannelConfig {
  /**
   * TLS: `true` trusts Node's bundled public roots; an object names the CA to trust and, for mutual TLS,
   * the client certificate and key. Without `tls` or `credentials` the channel is plaintext, which suits
   * loopback only. Unreadable files make createChannel throw.
   */
  tls?: ClientTlsConfig | true;
  /** Raw grpc-js channel credentials, for what `tls` does not cover; not together with `tls`. */
  credentials?: ChannelCredentials;
  /**
   * A bearer token sent as `authorization: Bearer <token>` on every call, or a function that returns one
   * per call (for tokens that expire). A call's own `authorization` metadata wins. Sent on plaintext
   * channels too: keep those on loopback.
   */
  token?: string | (() => string | Promise<string>);
  /** Message sizes, keepalive and default method deadlines from the shared limits config. */
  limits?: LimitsConfig;
  /** grpc-js channel options (channel arguments such as `grpc.max_receive_message_length`); they win over `limits`. */
  channelOptions?: ChannelOptions;
  /**
   * Retry the idempotent methods (proto `idempotency_level`) on UNAVAILABLE, as a gRPC retry policy; see
   * {@link RetryOptions}. Default: no policy (grpc-js then only retries calls that never left the client).
   */
  retry?: RetryOptions;
  /**
   * Gather the requests of client and bidi streams that are ready in the same tick into one write of up to
   * 64 KiB, instead of one grpc-js `write()` per request: several times the throughput for small messages.
   * No request waits for another; backpressure is unchanged. It relies on grpc-js 1.14 internals (checked
   * at the first call; without them each request takes `write()`, with a note under NODE_DEBUG=polyrpc),
   * and a request that grpc-js would compress, or an interceptor would see, takes `write()`. Default true.
   */
  coalesceWrites?: boolean;
}

/**
 * A channel to one server: what {@link createChannel} opens and {@link createClient} creates clients on. It is
 * grpc-js's `Client`, so any grpc-js client or channel-level API (`close()`, `getChannel()`, `waitForReady()`)
 * works on it; clients made on one channel share its connection. Close it with `channel.close()`.
 */
export type Channel = GrpcClient;

// The coalesceWrites of channels made by createChannel, for the clients that are given the channel.
const channelCoalescing = new WeakMap<Channel, boolean>();

/**
 * Opens a channel to `target` (`host:port`, or any grpc-js target such as `dns:///host:port`). One
 * channel can back clients for several services, which then share its connection.
 */
export function createChannel(target: string, config: ChannelConfig = {}): Channel {
  if (config.tls !== undefined && config.credentials !== undefined) throw new Error("createChannel: give tls or credentials, not both");
  const channelCredentials =
    config.tls !== undefined ? createClientTlsCredentials(config.tls === true ? {} : config.tls) : (config.credentials ?? grpcCredentials.createInsecure());
  const options = withRetryPolicy({ ...channelOptionsFromLimits(config.limits ?? {}), ...config.channelOptions }, config.retry);
  // The token interceptor is the outermost, so the user's own interceptors see the authorization header.
  const interceptors =
    config.token === undefined ? undefined : [tokenInterceptor(config.token), ...((options["interceptors"] as Interceptor[] | undefined) ?? [])];
  const channel = new GrpcClient(target, channelCredentials, interceptors === undefined ? options : { ...options, interceptors });
  if (config.coalesceWrites !== undefined) channelCoalescing.set(channel, config.coalesceWrites);
  return channel;
}

/**
 * Creates a typed client for a protobuf-es service. `transport` is a target (a new channel is opened)
 * or a channel from {@link createChannel} (shared). Close a channel with `channel.close()`.
 *
 * @example
 * const client = createClient(RouteGuide, "127.0.0.1:50051");
 * const feature = await client.getFeature({ latitude: 409146138, longitude: -746188906 }, { timeoutMs: 1000 });
 */
export function createClient<S extends DescService>(service: S, transport: string | Channel, config?: ChannelConfig): Client<S> {
  const retry = config?.retry === undefined ? undefined : { ...config.retry, services: [...(config.retry.services ?? []), service] };
  const channel = typeof transport === "string" ? createChannel(transport, { ...config, retry }) : transport;
  let coalesce = config?.coalesceWrites ?? channelCoalescing.get(channel) ?? true;
  const unavailable = coalesce ? clientCoalescingUnavailable() : undefined;
  if (unavailable !== undefined) {
    consoleLogger.debug?.(`client streams write each request on its own: ${unavailable}`);
    coalesce = false;
  }
  const client: Record<string, unknown> = {};
  for (const method of service.methods) client[method.localName] = createMethod(channel, method, coalesce);
  return client as Client<S>;
}

function createMethod(channel: GrpcClient, method: DescMethod, coalesce: boolean): unknown {
  const path = methodPath(method);
  // grpc-js types a stream by its message type; the bridge works with erased types and typed wrappers.
  const serialize = createSerializer(method.input) as (value: unknown) => Buffer;
  // The coalescing writer copies each request into its batch at once, so it may use the shared buffer.
  const serializeIntoBatch = createSerializer(method.input, { sharedOutput: true }) as (value: unknown) => Buffer;
  const sinkFor = (call: ClientWritableStream<unknown> | ClientDuplexStream<unknown, unknown>) =>
    coalesce ? new ClientCoalescingSink(call, serializeIntoBatch) : undefined;
  const deserialize = createDeserializer(method.output);
  switch (method.methodKind) {
    case "unary":
      return (request: unknown, options?: CallOptions) =>
        new Promise((resolve, reject) => {
          const call = channel.makeUnaryRequest(
            path,
            serialize,
            deserialize,
            request as never,
            toMetadata(options?.metadata),
            toGrpcCallOptions(options),
            (error, response) => (error !== null ? reject(toRpcError(error)) : resolve(response)),
          );
          observe(call, options);
          linkSignal(options?.signal, () => call.cancel());
        });
    case "client_streaming":
      return (requests: AsyncIterable<unknown> | Iterable<unknown>, options?: CallOptions) =>
        new Promise((resolve, reject) => {
          const call = channel.makeClientStreamRequest(
            path,
            serialize,
            deserialize,
            toMetadata(options?.metadata),
            toGrpcCallOptions(options),
            (error, response) => (error !== null ? reject(toRpcError(error)) : resolve(response)),
          );
          observe(call, options);
          const unlink = linkSignal(options?.signal, () => call.cancel());
          void sendAll(call, requests, unlink, sinkFor(call));
        });
    case "server_streaming":
      return (request: unknown, options?: CallOptions) => {
        const call = channel.makeServerStreamRequest(path, serialize, deserialize, request as never, toMetadata(options?.metadata), toGrpcCallOptions(options));
        return readAll(call, options);
      };
    case "bidi_streaming":
      return (requests: AsyncIterable<unknown> | Iterable<unknown>, options?: CallOptions) => {
        const call = channel.makeBidiStreamRequest(path, serialize, deserialize, toMetadata(options?.metadata), toGrpcCallOptions(options));
        const unlink = linkSignal(options?.signal, () => call.cancel());
        void sendAll(call, requests, unlink, sinkFor(call));
        return readAll(call, options);
      };
  }
}

/** Forwards response headers and trailers to the caller's hooks. */
function observe(
  call: { on(event: "metadata", l: (m: Metadata) => void): unknown; on(event: "status", l: (s: StatusObject) => void): unknown },
  options: CallOptions | undefined,
): void {
  if (options?.onHeader !== undefined) call.on("metadata", options.onHeader);
  if (options?.onTrailer !== undefined) {
    const onTrailer = options.onTrailer;
    call.on("status", (s) => onTrailer(s.metadata));
  }
}

/** Cancels the call when `signal` aborts; returns a function that removes the link. */
function linkSignal(signal: AbortSignal | undefined, cancel: () => void): () => void {
  if (signal === undefined) return () => {};
  if (signal.aborted) {
    cancel();
    return () => {};
  }
  signal.addEventListener("abort", cancel, { once: true });
  return () => signal.removeEventListener("abort", cancel);
}

/**
 * Writes the caller's requests with backpressure, then half-closes. If the request iterable throws, the
 * call is cancelled, so the server does not wait for messages that will never come.
 */
async function sendAll(
  call: ClientWritableStream<unknown> | ClientDuplexStream<unknown, unknown>,
  requests: AsyncIterable<unknown> | Iterable<unknown>,
  unlink: () => void,
  sink: ClientCoalescingSink | undefined,
): Promise<void> {
  const done = new AbortController();
  const onEnd = () => done.abort();
  call.once("status", onEnd);
  call.once("error", onEnd);
  try {
    await writeMessages(call, requests, done.signal, undefined, sink);
    if (!done.signal.aborted) call.end();
  } catch {
    call.cancel();
  } finally {
    call.removeListener("status", onEnd);
    unlink();
  }
}

async function* readAll(call: ClientReadableStream<unknown> | ClientDuplexStream<unknown, unknown>, options: CallOptions | undefined): AsyncGenerator<never> {
  observe(call, options);
  const unlink = linkSignal(options?.signal, () => call.cancel());
  let finished = false;
  try {
    for await (const message of call) yield message as never;
    finished = true;
  } catch (error) {
    finished = true;
    throw toRpcError(error);
  } finally {
    unlink();
    // The caller broke out of the loop: the responses are not wanted any more.
    if (!finished) call.cancel();
  }
}

function toRpcError(error: unknown): RpcError {
  const e = error as Partial<ServiceError>;
  if (typeof e.code === "number" && typeof e.details === "string" && e.metadata !== undefined) {
    return new RpcError(e.code, e.details, e.metadata, { cause: error });
  }
  return RpcError.from(error, status.UNKNOWN);
}
