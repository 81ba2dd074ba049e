// Bad input sent as raw bytes (no serializer) or raw HTTP/2 to the TypeScript and the Python seed
// servers: each answers a status, the same code on both sides, and keeps serving.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { fromBinary, toBinary } from "@bufbuild/protobuf";
import { status as Code, type Client } from "@grpc/grpc-js";
import { HelloReplySchema, HelloRequestSchema } from "@polyrpc/stubs";
import { startServerProcess, type ServerProcess } from "../matrix/server-process.js";
import { crafted, hugeHelloRequest, noteWithUnknownFields } from "./crafted-messages.js";
import { rawCall, rawChannel, sendTruncatedFrame } from "./raw-call.js";

// gRPC's default and both runtimes' maximum receive size.
const maxMessage = 4 * 1024 * 1024;
const hello = (name: string) => toBinary(HelloRequestSchema, { $typeName: "HelloRequest", name });

const serverNames = { ts: "TypeScript", py: "Python (grpcio)", "py-aio": "Python (grpc.aio)" } as const;

for (const impl of ["ts", "py", "py-aio"] as const) {
  describe(`bad input to the ${serverNames[impl]} server`, () => {
    let server: ServerProcess;
    let channel: Client;
    before(async () => {
      server = await startServerProcess(impl);
      channel = rawChannel(server.target);
    });
    after(async () => {
      channel.close();
      await server.stop();
    });

    /** A valid SayHello still gets its answer: the server survived what came before. */
    async function assertHealthy(): Promise<void> {
      const ok = await rawCall(channel, "/Greeter/SayHello", [hello("still there")], 10_000);
      assert.equal(ok.codeName, "OK", ok.details);
      assert.equal(fromBinary(HelloReplySchema, ok.responses[0]!).message, "Hello, still there");
    }

    it("answers INTERNAL to malformed, truncated and non-UTF-8 requests, unary and streaming, and keeps serving", { timeout: 60_000 }, async () => {
      const cases = [
        { name: "garbage", path: "/Greeter/SayHello", bytes: crafted.garbage, ts: /^invalid request: cannot decode HelloRequest: / },
        { name: "truncated", path: "/Greeter/SayHello", bytes: crafted.helloTruncated, ts: /^invalid request: cannot decode HelloRequest: premature EOF$/ },
        {
          name: "invalid utf-8",
          path: "/Greeter/SayHello",
          bytes: crafted.helloInvalidUtf8,
          ts: /^invalid request: string field HelloRequest\.name is not valid UTF-8$/,
        },
        {
          name: "invalid utf-8 in a bidi stream",
          path: "/routeguide.RouteGuide/RouteChat",
          bytes: crafted.noteInvalidUtf8,
          ts: /^invalid request: string field routeguide\.RouteNote\.message is not valid UTF-8$/,
        },
      ];
      for (const c of cases) {
        const outcome = await rawCall(channel, c.path, [c.bytes], 10_000);
        console.log(`${impl} server, ${c.name}: ${outcome.codeName} "${outcome.details}"`);
        assert.equal(outcome.codeName, "INTERNAL", `${c.name}: ${outcome.details}`);
        assert.deepEqual(outcome.responses, []);
        // grpcio's message is fixed; the TypeScript bridge names the problem and the field.
        if (impl === "ts") assert.match(outcome.details, c.ts);
        else assert.equal(outcome.details, "Exception deserializing request!"); // polyrpc.aio answers as grpcio does
      }
      await assertHealthy();
    });

    // grpc.aio 1.85 gives no answer at all to a unary call whose only frame is cut short (seen: nothing within
    // 10 s; the handler never runs), and no interceptor can step in before the message is read.
    const truncatedSkip = impl === "py-aio" ? "grpc.aio 1.85 never answers a unary call whose only frame is cut short" : false;
    it("answers a gRPC frame cut short by the end of the stream with UNIMPLEMENTED, and keeps serving", { timeout: 60_000, skip: truncatedSkip }, async () => {
      // The length prefix promises 100 bytes; 3 arrive, then END_STREAM. grpc-js and grpcio both drop the
      // partial frame and see a unary call without its one request: gRPC's cardinality rule answers that
      // with UNIMPLEMENTED (grpc-js: "Received no request message ...", grpcio: "... requires exactly one
      // request message."), so the two servers agree without the bridge stepping in.
      const answer = await sendTruncatedFrame(server.target, "/Greeter/SayHello", hello("A"), 100, 10_000);
      console.log(`${impl} server, truncated frame: grpc-status ${answer.status} "${answer.message}" (http ${answer.httpStatus})`);
      assert.equal(answer.httpStatus, 200);
      assert.equal(answer.status, Code.UNIMPLEMENTED, `grpc-status ${answer.status} "${answer.message}"`);
      assert.match(answer.message, /request message/);
      await assertHealthy();
    });

    it("keeps unknown fields of a streamed message: RouteChat returns a note byte for byte", { timeout: 60_000 }, async () => {
      const latitude = { ts: 111, py: 222, "py-aio": 333 }[impl];
      const withUnknown = noteWithUnknownFields(latitude, "from a newer client");
      // RouteChat answers each note with the earlier notes at the same place: the second returns the first.
      const outcome = await rawCall(channel, "/routeguide.RouteGuide/RouteChat", [withUnknown, noteWithUnknownFields(latitude, "second")], 10_000);
      assert.equal(outcome.codeName, "OK", outcome.details);
      assert.equal(outcome.responses.length, 1);
      assert.deepEqual([...outcome.responses[0]!], [...withUnknown]);
    });

    it("accepts a request with a huge repeated field at exactly 4 MiB and answers one byte more with RESOURCE_EXHAUSTED", { timeout: 60_000 }, async () => {
      const atLimit = await rawCall(channel, "/Greeter/SayHello", [hugeHelloRequest(maxMessage)], 30_000);
      assert.equal(atLimit.codeName, "OK", atLimit.details);
      assert.match(fromBinary(HelloReplySchema, atLimit.responses[0]!).message, /^Hello, a+$/);
      const over = await rawCall(channel, "/Greeter/SayHello", [hugeHelloRequest(maxMessage + 1)], 30_000);
      console.log(`${impl} server, ${maxMessage + 1}-byte request: ${over.codeName} "${over.details}"`);
      assert.equal(over.codeName, "RESOURCE_EXHAUSTED");
      await assertHealthy();
    });
  });
}
