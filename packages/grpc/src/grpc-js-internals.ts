import { createRequire } from "node:module";
import type { Writable } from "node:stream";
import { ServerInterceptingCall } from "@grpc/grpc-js";

/**
 * The grpc-js releases whose server internals the coalescing writer was written and tested against
 * (`@grpc/grpc-js` is pinned to one of them in package.json). Any other version takes the public path.
 */
export const TESTED_GRPC_JS = /^1\.14\./;

/** The part of grpc-js's BaseServerInterceptingCall (1.14) that the coalescing writer uses (internal). */
export interface BaseServerCall {
  /** The call's HTTP/2 stream; grpc-js writes each framed message to it with its own write(). */
  readonly stream: Writable & { readonly writableNeedDrain: boolean };
  /** The method's handler; `serialize` is the response serializer of the service definition. */
  readonly handler: { serialize(value: unknown): Buffer };
  /** -1 for no limit; a larger message is answered RESOURCE_EXHAUSTED by grpc-js's own sendMessage. */
  readonly maxSendMessageSize: number;
  readonly metadataSent: boolean;
  /** Also notices a stream that was destroyed before its 'close' event. */
  checkCancelled(): boolean;
  sendStatus(status: { code: number; details: string; metadata: null }): void;
  /** Channelz's per-call counters; null when channelz is off. */
  readonly callEventTracker: { addMessageSent(): void } | null;
}

/** What the start-up check found: the responder functions that leave messages alone, or why not. */
type Detection = { ok: true; passMessage: unknown; passMetadata: unknown } | { ok: false; reason: string };

let detection: Detection | undefined;

/**
 * Checks once per process that this grpc-js has the server internals the coalescing writer relies on:
 * a tested version, `BaseServerInterceptingCall` with the fields and methods of {@link BaseServerCall},
 * its message framing (flag byte 0, because grpc-js 1.14 never compresses responses, then a big-endian
 * length) and the pass-through responder of `ServerInterceptingCall`. Returns undefined when all is there,
 * or the reason to take the public path (write() per message) instead.
 */
export function coalescingUnavailable(): string | undefined {
  detection ??= detect();
  return detection.ok ? undefined : detection.reason;
}

function detect(): Detection {
  try {
    const require = createRequire(import.meta.url);
    const { version } = require("@grpc/grpc-js/package.json") as { version: string };
    if (!TESTED_GRPC_JS.test(version)) return { ok: false, reason: `@grpc/grpc-js ${version} is not a tested version (1.14.x)` };
    const internals = require("@grpc/grpc-js/build/src/server-interceptors.js") as { BaseServerInterceptingCall?: { prototype: Record<string, unknown> } };
    const proto = internals.BaseServerInterceptingCall?.prototype;
    if (proto === undefined) return { ok: false, reason: "@grpc/grpc-js has no BaseServerInterceptingCall" };
    for (const name of ["checkCancelled", "sendStatus", "sendMessage", "serializeMessage", "maybeSendMetadata"]) {
      if (typeof proto[name] !== "function") return { ok: false, reason: `BaseServerInterceptingCall has no ${name}()` };
    }
    // grpc-js's own framing of a 3-byte message must be exactly what the coalescing writer writes.
    const framed = (proto.serializeMessage as (this: unknown, value: unknown) => Buffer).call(
      { handler: { serialize: (v: unknown) => v } },
      Buffer.from([7, 8, 9]),
    );
    if (!Buffer.from([0, 0, 0, 0, 3, 7, 8, 9]).equals(framed)) return { ok: false, reason: "grpc-js frames responses differently (compression?)" };
    const probe = new ServerInterceptingCall({} as never) as unknown as { responder?: { sendMessage?: unknown; sendMetadata?: unknown }; nextCall?: unknown };
    if (typeof probe.responder?.sendMessage !== "function" || typeof probe.responder.sendMetadata !== "function" || !("nextCall" in probe)) {
      return { ok: false, reason: "ServerInterceptingCall has no responder/nextCall" };
    }
    return { ok: true, passMessage: probe.responder.sendMessage, passMetadata: probe.responder.sendMetadata };
  } catch (error) {
    return { ok: false, reason: `grpc-js internals not found: ${(error as Error).message}` };
  }
}

/**
 * The base call under a grpc-js server stream (`ServerWritableStream` or `ServerDuplexStream`), if the
 * coalescing writer may write to its HTTP/2 stream directly: every interceptor between them passes
 * response headers and messages on unchanged (the pass-through responder, as the auth interceptor has),
 * and the base has the expected shape. Undefined otherwise, and then the call takes the public path: an
 * interceptor that rewrites or delays messages must see each one.
 */
export function baseServerCall(call: unknown): BaseServerCall | undefined {
  if (detection?.ok !== true) return undefined;
  let current = (call as { call?: unknown }).call;
  while (current instanceof ServerInterceptingCall) {
    const { responder, nextCall } = current as unknown as { responder: { sendMessage: unknown; sendMetadata: unknown }; nextCall: unknown };
    if (responder.sendMessage !== detection.passMessage || responder.sendMetadata !== detection.passMetadata) return undefined;
    current = nextCall;
  }
  const base = current as Partial<BaseServerCall> | undefined;
  if (
    typeof base?.stream?.write !== "function" ||
    typeof base.handler?.serialize !== "function" ||
    typeof base.maxSendMessageSize !== "number" ||
    typeof base.metadataSent !== "boolean" ||
    typeof base.checkCancelled !== "function"
  ) {
    return undefined;
  }
  return base as BaseServerCall;
}

/** The part of grpc-js's ResolvingCall (1.14), the channel's call under the interceptors, that the client sink uses (internal). */
export interface ResolvingClientCall {
  /** The retrying (or load-balancing) call below the filters; null until the service config is resolved. */
  readonly child: { sendMessageWithContext(context: { callback?: (error?: unknown) => void }, message: Buffer): void } | null;
  /** A message is in the filter stack (serialized, not yet framed): later ones must wait for it. */
  readonly writeFilterPending: boolean;
  readonly filterStack: { filters: readonly unknown[] };
}

type ClientDetection =
  | {
      ok: true;
      passSendMessage: unknown;
      ResolvingCall: abstract new (...args: never[]) => unknown;
      CompressionFilter: abstract new (...args: never[]) => unknown;
      IdentityHandler: abstract new (...args: never[]) => unknown;
    }
  | { ok: false; reason: string };

let clientDetection: ClientDetection | undefined;

/**
 * Checks once per process that this grpc-js has the client internals the coalescing request writer relies
 * on (a tested version, ResolvingCall with its child and filter stack, the compression filter and its
 * identity handler, which frames with flag 0, and the pass-through requester of InterceptingCall).
 * Returns undefined when all is there, or the reason to write each request with `write()`.
 */
export function clientCoalescingUnavailable(): string | undefined {
  clientDetection ??= detectClient();
  return clientDetection.ok ? undefined : clientDetection.reason;
}

function detectClient(): ClientDetection {
  try {
    const require = createRequire(import.meta.url);
    const { version } = require("@grpc/grpc-js/package.json") as { version: string };
    if (!TESTED_GRPC_JS.test(version)) return { ok: false, reason: `@grpc/grpc-js ${version} is not a tested version (1.14.x)` };
    const { ResolvingCall } = require("@grpc/grpc-js/build/src/resolving-call.js") as { ResolvingCall?: ClientDetectionOk["ResolvingCall"] };
    const compression = require("@grpc/grpc-js/build/src/compression-filter.js") as { CompressionFilter?: ClientDetectionOk["CompressionFilter"] };
    const { InterceptingCall } = require("@grpc/grpc-js/build/src/client-interceptors.js") as {
      InterceptingCall?: new (next: unknown) => { requester?: { sendMessage?: unknown } };
    };
    if (ResolvingCall === undefined || compression.CompressionFilter === undefined || InterceptingCall === undefined) {
      return { ok: false, reason: "@grpc/grpc-js has no ResolvingCall, CompressionFilter or InterceptingCall" };
    }
    const filter = new (
      compression.CompressionFilter as unknown as new (
        options: object,
        shared: object,
      ) => { sendCompression?: object; currentCompressionAlgorithm?: unknown }
    )({}, {});
    if (filter.currentCompressionAlgorithm !== "identity" || filter.sendCompression === undefined)
      return { ok: false, reason: "CompressionFilter has no identity sendCompression" };
    const IdentityHandler = filter.sendCompression.constructor as ClientDetectionOk["IdentityHandler"];
    const passSendMessage = new InterceptingCall({}).requester?.sendMessage;
    if (typeof passSendMessage !== "function") return { ok: false, reason: "InterceptingCall has no requester" };
    return { ok: true, passSendMessage, ResolvingCall, CompressionFilter: compression.CompressionFilter, IdentityHandler };
  } catch (error) {
    return { ok: false, reason: `grpc-js client internals not found: ${(error as Error).message}` };
  }
}

type ClientDetectionOk = Extract<ClientDetection, { ok: true }>;

/**
 * The ResolvingCall under a grpc-js client stream, if requests may be framed by the bridge and handed to
 * its child now: every interceptor passes messages on unchanged and holds none, the call is resolved
 * (child set), no message is in the filter stack, and the only filter is the compression filter sending
 * uncompressed (identity). Also returns the filter's maximum send size (-1: none). Undefined otherwise.
 */
export function resolvingClientCall(stream: unknown): { call: ResolvingClientCall; maxSend: number } | undefined {
  const d = clientDetection;
  if (d?.ok !== true) return undefined;
  let current = (stream as { call?: unknown }).call;
  for (;;) {
    const c = current as
      | {
          requester?: { sendMessage?: unknown };
          nextCall?: unknown;
          processingMetadata?: boolean;
          processingMessage?: boolean;
          pendingMessageContext?: unknown;
          call?: unknown;
          methodDefinition?: unknown;
        }
      | null
      | undefined;
    if (c === null || c === undefined) return undefined;
    if (c.requester !== undefined && "nextCall" in c) {
      if (c.requester.sendMessage !== d.passSendMessage || c.processingMetadata || c.processingMessage || c.pendingMessageContext) return undefined;
      current = c.nextCall;
    } else if (c.methodDefinition !== undefined && c.call !== undefined) {
      current = c.call;
      break;
    } else {
      return undefined;
    }
  }
  if (!(current instanceof d.ResolvingCall)) return undefined;
  const call = current as unknown as ResolvingClientCall;
  // A message held before the child existed was handed to it when the child was made (pendingMessage
  // keeps it, stale, afterwards).
  if (call.child === null || call.child === undefined || call.writeFilterPending) return undefined;
  const filters = call.filterStack?.filters;
  if (filters?.length !== 1 || !(filters[0] instanceof d.CompressionFilter)) return undefined;
  const filter = filters[0] as { sendCompression: unknown; maxSendMessageLength: unknown };
  if (!(filter.sendCompression instanceof d.IdentityHandler) || typeof filter.maxSendMessageLength !== "number") return undefined;
  return { call, maxSend: filter.maxSendMessageLength };
}
