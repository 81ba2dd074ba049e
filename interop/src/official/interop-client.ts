// The client side of the official gRPC interop cases (grpc/grpc doc/interop-test-descriptions.md), on
// the polyrpc bridge. Each case takes a target ("host:port") or a channel from createChannel, runs the
// procedure the spec describes, and throws an Error naming what differed; it resolves on a pass.
import { Code, Metadata, RpcError, createChannel, createClient, type Client } from "@polyrpc/grpc";
import type { Client as GrpcChannel } from "@grpc/grpc-js";
import type { MessageInitShape } from "@bufbuild/protobuf";
import type { StreamingOutputCallRequestSchema, StreamingOutputCallResponse } from "../gen/grpc/testing/messages_pb.js";
import { TestService, UnimplementedService } from "../gen/grpc/testing/test_pb.js";
import { ECHO_INITIAL_KEY, ECHO_TRAILING_KEY } from "./test-service.js";

/** The cases, in the order the spec lists them. */
export const OFFICIAL_CASES = [
  "empty_unary",
  "large_unary",
  "client_streaming",
  "server_streaming",
  "ping_pong",
  "empty_stream",
  "custom_metadata",
  "status_code_and_message",
  "special_status_message",
  "unimplemented_method",
  "unimplemented_service",
  "cancel_after_begin",
  "cancel_after_first_response",
  "timeout_on_sleeping_server",
] as const;
export type OfficialCase = (typeof OFFICIAL_CASES)[number];

/** One interop case: resolves on a pass, throws an Error saying what differed otherwise. */
export type InteropCase = (target: string | GrpcChannel) => Promise<void>;

/** The deadline of every call whose case sets none, so no case can wait forever. */
export const CALL_TIMEOUT_MS = 10_000;

const LARGE_REQUEST_SIZE = 271828;
const LARGE_RESPONSE_SIZE = 314159;
const STREAM_REQUEST_SIZES = [27182, 8, 1828, 45904] as const;
const STREAM_RESPONSE_SIZES = [31415, 9, 2653, 58979] as const;
const ECHO_INITIAL_VALUE = "test_initial_metadata_value";
const ECHO_TRAILING_VALUE = Buffer.from([0xab, 0xab, 0xab]);
const STATUS_MESSAGE = "test status message";
const SPECIAL_STATUS_MESSAGE = "\t\ntest with whitespace\r\nand Unicode BMP ☺ and non-BMP 😈\t\n";

type StreamingOutputCallRequestInit = MessageInitShape<typeof StreamingOutputCallRequestSchema>;

// ---- the cases ----

async function emptyUnary(target: string | GrpcChannel): Promise<void> {
  await withClient(target, async (client) => {
    const response = await call("EmptyCall", () => client.emptyCall({}, { timeoutMs: CALL_TIMEOUT_MS }));
    if (response === null || response === undefined) fail("EmptyCall: response is null");
    if (response.$typeName !== "grpc.testing.Empty") fail(`EmptyCall: response is a ${String(response.$typeName)}, want grpc.testing.Empty`);
  });
}

async function largeUnary(target: string | GrpcChannel): Promise<void> {
  await withClient(target, async (client) => {
    const response = await call("UnaryCall", () =>
      client.unaryCall({ responseSize: LARGE_RESPONSE_SIZE, payload: { body: zeros(LARGE_REQUEST_SIZE) } }, { timeoutMs: CALL_TIMEOUT_MS }),
    );
    checkPayload("UnaryCall response", response.payload?.body, LARGE_RESPONSE_SIZE);
  });
}

async function clientStreaming(target: string | GrpcChannel): Promise<void> {
  await withClient(target, async (client) => {
    const requests = STREAM_REQUEST_SIZES.map((size) => ({ payload: { body: zeros(size) } }));
    const response = await call("StreamingInputCall", () => client.streamingInputCall(requests, { timeoutMs: CALL_TIMEOUT_MS }));
    const want = STREAM_REQUEST_SIZES.reduce((a, b) => a + b, 0); // 74922
    if (response.aggregatedPayloadSize !== want) {
      fail(`StreamingInputCall: aggregated_payload_size is ${response.aggregatedPayloadSize}, want ${want}`);
    }
  });
}

async function serverStreaming(target: string | GrpcChannel): Promise<void> {
  await withClient(target, async (client) => {
    const responses = await call("StreamingOutputCall", () =>
      collect(client.streamingOutputCall({ responseParameters: STREAM_RESPONSE_SIZES.map((size) => ({ size })) }, { timeoutMs: CALL_TIMEOUT_MS })),
    );
    checkResponseSizes("StreamingOutputCall", responses, STREAM_RESPONSE_SIZES);
  });
}

async function pingPong(target: string | GrpcChannel): Promise<void> {
  await withClient(target, async (client) => {
    const requests = new RequestQueue<StreamingOutputCallRequestInit>();
    const responses: StreamingOutputCallResponse[] = [];
    try {
      await call("FullDuplexCall", async () => {
        const iterator = client.fullDuplexCall(requests, { timeoutMs: CALL_TIMEOUT_MS })[Symbol.asyncIterator]();
        try {
          for (let i = 0; i < STREAM_REQUEST_SIZES.length; i++) {
            // Each request goes out only after the reply to the previous one arrived.
            requests.push({ responseParameters: [{ size: STREAM_RESPONSE_SIZES[i] }], payload: { body: zeros(STREAM_REQUEST_SIZES[i] ?? 0) } });
            const next = await iterator.next();
            if (next.done === true) fail(`FullDuplexCall: the stream ended after ${i} responses, want ${STREAM_RESPONSE_SIZES.length}`);
            responses.push(next.value);
            checkPayload(`FullDuplexCall response ${i + 1}`, next.value.payload?.body, STREAM_RESPONSE_SIZES[i] ?? 0);
          }
          requests.end(); // Half-close after the fourth reply.
          const last = await iterator.next();
          if (last.done !== true) fail(`FullDuplexCall: got a response after half-close, want exactly ${STREAM_RESPONSE_SIZES.length}`);
        } finally {
          await iterator.return?.(); // Cancels the call if it is still open (a failed check).
        }
      });
    } finally {
      requests.end();
    }
    checkResponseSizes("FullDuplexCall", responses, STREAM_RESPONSE_SIZES);
  });
}

async function emptyStream(target: string | GrpcChannel): Promise<void> {
  await withClient(target, async (client) => {
    const responses = await call("FullDuplexCall", () => collect(client.fullDuplexCall([], { timeoutMs: CALL_TIMEOUT_MS })));
    if (responses.length !== 0) fail(`FullDuplexCall: got ${responses.length} responses to an empty stream, want 0`);
  });
}

async function customMetadata(target: string | GrpcChannel): Promise<void> {
  await withClient(target, async (client) => {
    const metadata = () => {
      const m = new Metadata();
      m.set(ECHO_INITIAL_KEY, ECHO_INITIAL_VALUE);
      m.set(ECHO_TRAILING_KEY, ECHO_TRAILING_VALUE);
      return m;
    };

    // 1. UnaryCall.
    const unary = new SeenMetadata();
    const response = await call("UnaryCall", () =>
      client.unaryCall(
        { responseSize: LARGE_RESPONSE_SIZE, payload: { body: zeros(LARGE_REQUEST_SIZE) } },
        { timeoutMs: CALL_TIMEOUT_MS, metadata: metadata(), onHeader: unary.onHeader, onTrailer: unary.onTrailer },
      ),
    );
    checkPayload("UnaryCall response", response.payload?.body, LARGE_RESPONSE_SIZE);
    unary.check("UnaryCall");

    // 2. FullDuplexCall with one request, then half-close.
    const duplex = new SeenMetadata();
    const responses = await call("FullDuplexCall", () =>
      collect(
        client.fullDuplexCall([{ responseParameters: [{ size: LARGE_RESPONSE_SIZE }], payload: { body: zeros(LARGE_REQUEST_SIZE) } }], {
          timeoutMs: CALL_TIMEOUT_MS,
          metadata: metadata(),
          onHeader: duplex.onHeader,
          onTrailer: duplex.onTrailer,
        }),
      ),
    );
    checkResponseSizes("FullDuplexCall", responses, [LARGE_RESPONSE_SIZE]);
    duplex.check("FullDuplexCall");
  });
}

async function statusCodeAndMessage(target: string | GrpcChannel): Promise<void> {
  await withClient(target, async (client) => {
    const responseStatus = { code: Code.UNKNOWN, message: STATUS_MESSAGE };
    await expectStatus("UnaryCall", () => client.unaryCall({ responseStatus }, { timeoutMs: CALL_TIMEOUT_MS }), Code.UNKNOWN, STATUS_MESSAGE);
    await expectStatus(
      "FullDuplexCall",
      () => collect(client.fullDuplexCall([{ responseStatus }], { timeoutMs: CALL_TIMEOUT_MS })),
      Code.UNKNOWN,
      STATUS_MESSAGE,
    );
  });
}

async function specialStatusMessage(target: string | GrpcChannel): Promise<void> {
  await withClient(target, async (client) => {
    await expectStatus(
      "UnaryCall",
      () => client.unaryCall({ responseStatus: { code: Code.UNKNOWN, message: SPECIAL_STATUS_MESSAGE } }, { timeoutMs: CALL_TIMEOUT_MS }),
      Code.UNKNOWN,
      SPECIAL_STATUS_MESSAGE,
    );
  });
}

async function unimplementedMethod(target: string | GrpcChannel): Promise<void> {
  await withClient(target, async (client) => {
    await expectStatus("TestService/UnimplementedCall", () => client.unimplementedCall({}, { timeoutMs: CALL_TIMEOUT_MS }), Code.UNIMPLEMENTED);
  });
}

async function unimplementedService(target: string | GrpcChannel): Promise<void> {
  await withChannel(target, async (channel) => {
    const client = createClient(UnimplementedService, channel);
    await expectStatus("UnimplementedService/UnimplementedCall", () => client.unimplementedCall({}, { timeoutMs: CALL_TIMEOUT_MS }), Code.UNIMPLEMENTED);
  });
}

async function cancelAfterBegin(target: string | GrpcChannel): Promise<void> {
  await withClient(target, async (client) => {
    const controller = new AbortController();
    // A request stream that never sends: the call is cancelled before any payload goes out.
    const pending = client.streamingInputCall(untilAborted(controller.signal, []), { timeoutMs: CALL_TIMEOUT_MS, signal: controller.signal });
    controller.abort();
    await expectStatus("StreamingInputCall", () => pending, Code.CANCELLED);
  });
}

async function cancelAfterFirstResponse(target: string | GrpcChannel): Promise<void> {
  await withClient(target, async (client) => {
    const controller = new AbortController();
    const first = { responseParameters: [{ size: 31415 }], payload: { body: zeros(27182) } };
    const stream = client.fullDuplexCall(untilAborted(controller.signal, [first]), { timeoutMs: CALL_TIMEOUT_MS, signal: controller.signal });
    await expectStatus(
      "FullDuplexCall",
      async () => {
        let received = 0;
        for await (const response of stream) {
          received++;
          if (received > 1) fail("FullDuplexCall: a second response arrived after the client cancelled");
          checkPayload("FullDuplexCall response 1", response.payload?.body, 31415);
          controller.abort(); // After receiving a response, the client cancels.
        }
        if (received === 0) fail("FullDuplexCall: the stream ended with OK before the first response");
      },
      Code.CANCELLED,
    );
  });
}

async function timeoutOnSleepingServer(target: string | GrpcChannel): Promise<void> {
  await withClient(target, async (client) => {
    const done = new AbortController();
    try {
      // One request, no half-close: the server waits for more and the 1 ms deadline passes.
      const stream = client.fullDuplexCall(untilAborted(done.signal, [{ payload: { body: zeros(27182) } }]), { timeoutMs: 1 });
      await expectStatus("FullDuplexCall", () => collect(stream), Code.DEADLINE_EXCEEDED);
    } finally {
      done.abort();
    }
  });
}

/** Every case by its spec name. */
export const tsClientCases: Record<OfficialCase, InteropCase> = {
  empty_unary: emptyUnary,
  large_unary: largeUnary,
  client_streaming: clientStreaming,
  server_streaming: serverStreaming,
  ping_pong: pingPong,
  empty_stream: emptyStream,
  custom_metadata: customMetadata,
  status_code_and_message: statusCodeAndMessage,
  special_status_message: specialStatusMessage,
  unimplemented_method: unimplementedMethod,
  unimplemented_service: unimplementedService,
  cancel_after_begin: cancelAfterBegin,
  cancel_after_first_response: cancelAfterFirstResponse,
  timeout_on_sleeping_server: timeoutOnSleepingServer,
};

/** Runs one case by name; throws for a name that is not an official case. */
export async function runTsClientCase(name: string, target: string | GrpcChannel): Promise<void> {
  if (!isOfficialCase(name)) throw new Error(`unknown interop case "${name}"; the cases are: ${OFFICIAL_CASES.join(", ")}`);
  await tsClientCases[name](target);
}

export function isOfficialCase(name: string): name is OfficialCase {
  return (OFFICIAL_CASES as readonly string[]).includes(name);
}

// ---- helpers ----

/** A mismatch: the case fails with this message. */
class CaseFailure extends Error {
  override name = "CaseFailure";
}

function fail(message: string): never {
  throw new CaseFailure(message);
}

function zeros(size: number): Uint8Array {
  return new Uint8Array(size);
}

/** Runs `fn` on a channel: the given one, or a new one to `target` that is closed afterwards. */
async function withChannel<T>(target: string | GrpcChannel, fn: (channel: GrpcChannel) => Promise<T>): Promise<T> {
  if (typeof target !== "string") return fn(target);
  const channel = createChannel(target);
  try {
    return await fn(channel);
  } finally {
    channel.close();
  }
}

function withClient<T>(target: string | GrpcChannel, fn: (client: Client<typeof TestService>) => Promise<T>): Promise<T> {
  return withChannel(target, (channel) => fn(createClient(TestService, channel)));
}

/** Runs a call that must succeed; a failed status becomes a message naming the method. */
async function call<T>(method: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof CaseFailure) throw error;
    if (error instanceof RpcError) fail(`${method} failed: ${codeName(error.code)} (${error.code}): ${JSON.stringify(error.message)}`);
    throw error;
  }
}

/** Runs a call that must end with `code` (and, when given, exactly `message`). */
async function expectStatus(method: string, fn: () => Promise<unknown>, code: Code, message?: string): Promise<void> {
  try {
    await fn();
  } catch (error) {
    if (error instanceof CaseFailure) throw error;
    if (!(error instanceof RpcError)) throw error;
    if (error.code !== code) {
      fail(`${method}: status ${codeName(error.code)} (${error.code}) ${JSON.stringify(error.message)}, want ${codeName(code)} (${code})`);
    }
    if (message !== undefined && error.message !== message) {
      fail(`${method}: status message ${JSON.stringify(error.message)}, want ${JSON.stringify(message)}`);
    }
    return;
  }
  fail(`${method}: the call succeeded, want status ${codeName(code)} (${code})`);
}

function codeName(code: number): string {
  return Object.entries(Code).find(([, v]) => v === code)?.[0] ?? `code ${code}`;
}

async function collect<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of stream) all.push(item);
  return all;
}

function checkPayload(what: string, body: Uint8Array | undefined, size: number): void {
  if (body === undefined) fail(`${what}: no payload, want ${size} bytes`);
  if (body.length !== size) fail(`${what}: payload body is ${body.length} bytes, want ${size}`);
  const nonZero = body.findIndex((b) => b !== 0);
  if (nonZero !== -1) fail(`${what}: payload byte ${nonZero} is ${body[nonZero]}, want zeros`);
}

function checkResponseSizes(method: string, responses: readonly StreamingOutputCallResponse[], sizes: readonly number[]): void {
  if (responses.length !== sizes.length) {
    fail(
      `${method}: got ${responses.length} responses (sizes ${responses.map((r) => r.payload?.body.length ?? 0).join(", ")}), want ${sizes.length} (sizes ${sizes.join(", ")})`,
    );
  }
  responses.forEach((r, i) => checkPayload(`${method} response ${i + 1}`, r.payload?.body, sizes[i] ?? 0));
}

/** Collects response headers and trailers, and checks the echoed custom metadata in them. */
class SeenMetadata {
  headers: Metadata | undefined;
  trailers: Metadata | undefined;
  onHeader = (m: Metadata) => {
    this.headers = m;
  };
  onTrailer = (m: Metadata) => {
    this.trailers = m;
  };

  check(method: string): void {
    if (this.headers === undefined) fail(`${method}: no response headers arrived`);
    const initial = this.headers.get(ECHO_INITIAL_KEY);
    if (initial.length !== 1 || initial[0] !== ECHO_INITIAL_VALUE) {
      fail(`${method}: response header ${ECHO_INITIAL_KEY} is ${JSON.stringify(initial.map(String))}, want ["${ECHO_INITIAL_VALUE}"]`);
    }
    if (this.trailers === undefined) fail(`${method}: no response trailers arrived`);
    const trailing = this.trailers.get(ECHO_TRAILING_KEY);
    const first = trailing[0];
    if (trailing.length !== 1 || !Buffer.isBuffer(first) || !first.equals(ECHO_TRAILING_VALUE)) {
      const got = trailing.map((v) => (Buffer.isBuffer(v) ? `0x${v.toString("hex")}` : JSON.stringify(v)));
      fail(`${method}: response trailer ${ECHO_TRAILING_KEY} is [${got.join(", ")}], want [0x${ECHO_TRAILING_VALUE.toString("hex")}]`);
    }
  }
}

/** Yields `items`, then waits, without half-closing, until `signal` aborts. */
async function* untilAborted<T>(signal: AbortSignal, items: readonly T[]): AsyncGenerator<T> {
  yield* items;
  if (signal.aborted) return;
  await new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
}

/** A request stream fed by the case as it goes (ping-pong): push() sends, end() half-closes. */
class RequestQueue<T> implements AsyncIterable<T> {
  private readonly items: T[] = [];
  private ended = false;
  private wake: (() => void) | undefined;

  push(item: T): void {
    if (this.ended) throw new Error("RequestQueue: push after end");
    this.items.push(item);
    this.wake?.();
  }

  end(): void {
    this.ended = true;
    this.wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    for (;;) {
      const item = this.items.shift();
      if (item !== undefined) {
        yield item;
        continue;
      }
      if (this.ended) return;
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = undefined;
    }
  }
}
