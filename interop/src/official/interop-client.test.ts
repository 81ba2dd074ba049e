// The TypeScript interop cases against the TypeScript TestService (fast, no Go), and against a
// deliberately wrong TestService, to show that each check can fail and says what differed.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Code, RpcError, createChannel, createServer, service, type PolyServer } from "@polyrpc/grpc";
import { TestService } from "../gen/grpc/testing/test_pb.js";
import { OFFICIAL_CASES, runTsClientCase, tsClientCases } from "./interop-client.js";
import { serveTestService, type RunningTestService } from "./serve-test-service.js";
import { testServiceImpl } from "./test-service.js";

describe("TypeScript interop client × TypeScript TestService", () => {
  let server: RunningTestService;
  before(async () => {
    server = await serveTestService();
  });
  after(() => server.close());

  for (const name of OFFICIAL_CASES) {
    it(`${name} passes (own channel from a target)`, async () => {
      await tsClientCases[name](server.target);
    });
  }

  it("every case passes on one shared channel, too", async () => {
    const channel = createChannel(server.target);
    try {
      for (const name of OFFICIAL_CASES) await runTsClientCase(name, channel);
    } finally {
      channel.close();
    }
  });

  it("rejects an unknown case name", async () => {
    await assert.rejects(runTsClientCase("large_unray", server.target), /unknown interop case "large_unray"; the cases are: empty_unary, /);
  });
});

describe("TypeScript interop client × a wrong TestService", () => {
  let server: PolyServer;
  let target: string;
  before(async () => {
    // Right where the checks do not look, wrong in one way per method otherwise.
    server = createServer({
      services: [
        service(TestService, {
          ...testServiceImpl,
          emptyCall: testServiceImpl.emptyCall!,
          unaryCall(request, context) {
            if (request.responseStatus !== undefined && request.responseStatus.code !== 0) {
              throw new RpcError(Code.INTERNAL, request.responseStatus.message.trim()); // Wrong code, mangled message.
            }
            if (context.requestMetadata.get("x-grpc-test-echo-initial").length > 0) {
              context.responseHeaders.set("x-grpc-test-echo-initial", "something else"); // Echoes the wrong value.
              return { payload: { body: new Uint8Array(request.responseSize) } };
            }
            return { payload: { body: new Uint8Array(request.responseSize - 1) } }; // One byte short.
          },
          async streamingInputCall(requests) {
            let n = 0;
            for await (const r of requests) n += r.payload?.body.length ?? 0;
            return { aggregatedPayloadSize: n + 1 };
          },
          async *streamingOutputCall(request) {
            for (const p of request.responseParameters.slice(0, -1)) yield { payload: { body: new Uint8Array(p.size) } }; // Drops the last.
          },
          async *fullDuplexCall(requests) {
            for await (const r of requests) {
              for (const p of r.responseParameters) yield { payload: { body: new Uint8Array(p.size).fill(1) } }; // Not zeros.
            }
            yield { payload: { body: new Uint8Array(3) } }; // One response too many.
          },
          unimplementedCall: () => ({}), // Implemented after all.
        }),
      ],
    });
    const address = await server.listen(0, "127.0.0.1");
    target = `127.0.0.1:${address.port}`;
  });
  after(() => server.shutdown(100));

  const expectations: [name: string, message: RegExp][] = [
    ["large_unary", /^UnaryCall response: payload body is 314158 bytes, want 314159$/],
    ["client_streaming", /^StreamingInputCall: aggregated_payload_size is 74923, want 74922$/],
    ["server_streaming", /^StreamingOutputCall: got 3 responses \(sizes 31415, 9, 2653\), want 4 \(sizes 31415, 9, 2653, 58979\)$/],
    ["ping_pong", /^FullDuplexCall response 1: payload byte 0 is 1, want zeros$/],
    ["empty_stream", /^FullDuplexCall: got 1 responses to an empty stream, want 0$/],
    ["custom_metadata", /^UnaryCall: response header x-grpc-test-echo-initial is \["something else"\], want \["test_initial_metadata_value"\]$/],
    ["status_code_and_message", /^UnaryCall: status INTERNAL \(13\) "test status message", want UNKNOWN \(2\)$/],
    ["special_status_message", /^UnaryCall: status INTERNAL \(13\) .*, want UNKNOWN \(2\)$/],
    ["unimplemented_method", /^TestService\/UnimplementedCall: the call succeeded, want status UNIMPLEMENTED \(12\)$/],
  ];
  for (const [name, message] of expectations) {
    it(`${name} fails and says what differed`, async () => {
      await assert.rejects(runTsClientCase(name, target), (error: Error) => {
        assert.match(error.message, message);
        return true;
      });
    });
  }

  it("a server that is not there fails each case with the call's status, not a hang", async () => {
    const unused = createServer({ services: [] });
    const { port } = await unused.listen(0, "127.0.0.1");
    await unused.shutdown(0);
    await assert.rejects(runTsClientCase("empty_unary", `127.0.0.1:${port}`), /EmptyCall failed: UNAVAILABLE \(14\)/);
  });
});
