// grpc.testing.TestService on the polyrpc bridge: the server side of the official gRPC interop cases
// (grpc/grpc doc/interop-test-descriptions.md, "Server" features).
import { setTimeout as sleep } from "node:timers/promises";
import type { MessageInitShape } from "@bufbuild/protobuf";
import { Code, RpcError, service, type HandlerContext, type ServiceImpl, type ServiceRegistration } from "@polyrpc/grpc";
import { PayloadType, type EchoStatus, type ResponseParametersSchema, type StreamingOutputCallResponseSchema } from "../gen/grpc/testing/messages_pb.js";
import { TestService } from "../gen/grpc/testing/test_pb.js";

/** Request header whose value the server echoes as a response header ("Echo Metadata"). */
export const ECHO_INITIAL_KEY = "x-grpc-test-echo-initial";
/** Request header whose (binary) value the server echoes as a response trailer ("Echo Metadata"). */
export const ECHO_TRAILING_KEY = "x-grpc-test-echo-trailing-bin";

/** The largest payload the server builds, so a bad request cannot make it allocate without bound. */
const MAX_PAYLOAD_BYTES = 16 * 1024 * 1024;

type ResponseParameters = MessageInitShape<typeof ResponseParametersSchema>;
type StreamingOutput = MessageInitShape<typeof StreamingOutputCallResponseSchema>;

/**
 * The TestService implementation. `unimplementedCall` is left out on purpose: the bridge answers it
 * UNIMPLEMENTED, which is what the unimplemented_method case checks.
 */
export const testServiceImpl: Partial<ServiceImpl<typeof TestService>> = {
  emptyCall() {
    return {};
  },

  unaryCall(request, context) {
    echoMetadata(context);
    throwEchoStatus(request.responseStatus);
    return { payload: newPayload(request.responseType, request.responseSize) };
  },

  cacheableUnaryCall(_request, context) {
    // The CacheableUnaryCall feature: a payload that differs per call, plus cache headers for a proxy.
    context.responseHeaders.set("cache-control", "max-age=60, public");
    const now = BigInt(Date.now()) * 1_000_000n + (process.hrtime.bigint() % 1_000_000n);
    return { payload: { type: PayloadType.COMPRESSABLE, body: new TextEncoder().encode(now.toString()) } };
  },

  async *streamingOutputCall(request, context) {
    echoMetadata(context);
    throwEchoStatus(request.responseStatus);
    yield* respond(request.responseType, request.responseParameters, context);
  },

  async streamingInputCall(requests) {
    let aggregatedPayloadSize = 0;
    for await (const request of requests) aggregatedPayloadSize += request.payload?.body.length ?? 0;
    return { aggregatedPayloadSize };
  },

  async *fullDuplexCall(requests, context) {
    echoMetadata(context);
    for await (const request of requests) {
      // "Echo Status": close with the requested status; no further request is processed.
      throwEchoStatus(request.responseStatus);
      yield* respond(request.responseType, request.responseParameters, context);
    }
  },

  async *halfDuplexCall(requests, context) {
    echoMetadata(context);
    const buffered = [];
    for await (const request of requests) buffered.push(request);
    for (const request of buffered) {
      throwEchoStatus(request.responseStatus);
      yield* respond(request.responseType, request.responseParameters, context);
    }
  },
};

/** TestService as a registration for `createServer({ services: [...] })`. */
export function testServiceRegistration(): ServiceRegistration {
  return service(TestService, testServiceImpl);
}

/** "Echo Metadata": the initial key comes back as a response header, the trailing one as a trailer. */
function echoMetadata(context: HandlerContext): void {
  const initial = context.requestMetadata.get(ECHO_INITIAL_KEY);
  if (initial.length > 0 && initial[0] !== undefined) context.responseHeaders.set(ECHO_INITIAL_KEY, initial[0]);
  const trailing = context.requestMetadata.get(ECHO_TRAILING_KEY);
  if (trailing.length > 0 && trailing[0] !== undefined) context.responseTrailers.set(ECHO_TRAILING_KEY, trailing[0]);
}

/** "Echo Status": a response_status with a non-zero code ends the call with that code and message. */
function throwEchoStatus(echo: EchoStatus | undefined): void {
  if (echo === undefined || echo.code === 0) return;
  if (!Number.isInteger(echo.code) || echo.code < 0 || echo.code > 16) {
    throw new RpcError(Code.INVALID_ARGUMENT, `response_status.code ${echo.code} is not a gRPC status code`);
  }
  throw new RpcError(echo.code, echo.message);
}

/** A payload of `size` zero bytes; INVALID_ARGUMENT for a type or size the server cannot serve. */
function newPayload(type: PayloadType, size: number): { type: PayloadType; body: Uint8Array } {
  if (type !== PayloadType.COMPRESSABLE) throw new RpcError(Code.INVALID_ARGUMENT, `unsupported payload type ${type}`);
  if (size < 0 || size > MAX_PAYLOAD_BYTES) {
    throw new RpcError(Code.INVALID_ARGUMENT, `requested a response of ${size} bytes; the limit is 0..${MAX_PAYLOAD_BYTES}`);
  }
  return { type, body: new Uint8Array(size) };
}

/** One response per ResponseParameters, each after its interval_us (which accumulates). */
async function* respond(type: PayloadType, parameters: readonly ResponseParameters[], context: HandlerContext): AsyncGenerator<StreamingOutput> {
  for (const p of parameters) {
    const intervalUs = p.intervalUs ?? 0;
    if (intervalUs > 0) await sleep(intervalUs / 1000, undefined, { signal: context.signal });
    yield { payload: newPayload(type, p.size ?? 0) };
  }
}
