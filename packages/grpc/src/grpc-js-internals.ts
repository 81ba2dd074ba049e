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
    const framed = (proto.serializeMessage as (this: unknown, value: unknown) => Buffer).call({ handler: { serialize: (v: unknown) => v } }, Buffer.from([7, 8, 9]));
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
