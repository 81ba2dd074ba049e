import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { create, equals, toBinary } from "@bufbuild/protobuf";
import { BinaryWriter, WireType } from "@bufbuild/protobuf/wire";
import { Code, createClient, createServer, RpcError, service, type PolyServer } from "@polyrpc/grpc";
import { AllTypesSchema, type Color, FidelityService, WideSchema, type Nested } from "../gen/polyrpc/fidelity/v1/fidelity_pb.js";
import { createFidelityService } from "./fidelity-service.js";

describe("createFidelityService", () => {
  let server: PolyServer;
  let client: ReturnType<typeof createClient<typeof FidelityService>>;
  before(async () => {
    server = createServer({ services: [service(FidelityService, createFidelityService())] });
    const { port } = await server.listen(0, "127.0.0.1");
    client = createClient(FidelityService, `127.0.0.1:${port}`);
  });
  after(() => server.shutdown(0));

  it("echoes edge values unchanged, byte for byte", async () => {
    const request = create(AllTypesSchema, {
      fDouble: -0,
      fFloat: Math.fround(0.1),
      fInt64: -(2n ** 63n),
      fUint64: 2n ** 64n - 1n,
      fString: "a\u0000😀",
      fBytes: new Uint8Array([0, 255]),
      fEnum: 7 as Color,
      optInt32: 0,
      mapInt64String: { [(2n ** 53n + 1n).toString()]: "x" },
      mapBoolString: { true: "t", false: "f" },
      choice: { case: "choiceString", value: "" },
      fRenamed: 5,
    });
    const reply = await client.echo(request);
    assert.ok(equals(AllTypesSchema, reply, request));
    assert.deepEqual(toBinary(AllTypesSchema, reply), toBinary(AllTypesSchema, request));
    assert.ok(Object.is(reply.fDouble, -0));
    assert.equal(reply.fEnum, 7);
    assert.equal(reply.optInt32, 0);
    assert.equal(reply.optInt64, undefined);
    assert.deepEqual(reply.choice, { case: "choiceString", value: "" });
  });

  it("keeps an unknown field through an echo", async () => {
    const unknown = { no: 999, wireType: WireType.Varint, data: new BinaryWriter().uint32(7).finish() };
    // create() copies known fields only, so the unknown one is set on the message afterwards.
    const request = create(AllTypesSchema, { fInt32: 1 });
    request.$unknown = [unknown];
    const reply = await client.echo(request);
    assert.equal(reply.fInt32, 1);
    // grpc-js hands the decoder a Buffer, so the unknown field's data is a Buffer view: compare the bytes.
    assert.deepEqual(
      reply.$unknown?.map((u) => ({ no: u.no, wireType: u.wireType, data: [...u.data] })),
      [{ no: 999, wireType: WireType.Varint, data: [7] }],
    );
  });

  it("keeps Wide's fields through Narrow as unknown fields", async () => {
    const reply = await client.echoUnknown({ id: 1, addedString: "new", addedInt64: 2n ** 53n + 1n });
    assert.deepEqual([reply.id, reply.addedString, reply.addedInt64], [1, "new", 2n ** 53n + 1n]);
    assert.ok(equals(WideSchema, reply, create(WideSchema, { id: 1, addedString: "new", addedInt64: 2n ** 53n + 1n })));
  });

  it("streams count copies", async () => {
    const replies = [];
    for await (const reply of client.echoStream({ message: { fString: "s" }, count: 3 })) replies.push(reply.fString);
    assert.deepEqual(replies, ["s", "s", "s"]);
  });

  for (const count of [-1, 101]) {
    it(`rejects count ${count} with INVALID_ARGUMENT`, async () => {
      await assert.rejects(
        (async () => {
          for await (const _ of client.echoStream({ count })) void _;
        })(),
        (e: unknown) => {
          assert.ok(e instanceof RpcError);
          assert.equal(e.code, Code.INVALID_ARGUMENT);
          assert.equal(e.message, `count ${count} out of range: want 0 to 100`);
          return true;
        },
      );
    });
  }

  it("builds a message 100 deep, which protobuf-es decodes", async () => {
    let level: Nested | undefined = await client.nest({ depth: 100 });
    const seen: number[] = [];
    for (; level !== undefined; level = level.child) seen.push(level.a);
    assert.deepEqual(
      seen,
      Array.from({ length: 100 }, (_, i) => i + 1),
    );
  });

  it("builds a message 101 deep, which protobuf-es refuses to decode", async () => {
    await assert.rejects(client.nest({ depth: 101 }), (e: unknown) => {
      assert.ok(e instanceof RpcError);
      assert.equal(e.code, Code.INTERNAL);
      assert.match(e.message, /maximum recursion depth of 100 reached/);
      return true;
    });
  });

  for (const depth of [0, 201]) {
    it(`rejects nest depth ${depth} with INVALID_ARGUMENT`, async () => {
      await assert.rejects(
        client.nest({ depth }),
        (e: unknown) => e instanceof RpcError && e.code === Code.INVALID_ARGUMENT && e.message === `depth ${depth} out of range: want 1 to 200`,
      );
    });
  }

  it("collects every message in order", async () => {
    async function* sent() {
      for (const fInt32 of [3, 0, -2]) yield { fInt32 };
    }
    const reply = await client.collect(sent());
    assert.deepEqual(
      reply.messages.map((m) => m.fInt32),
      [3, 0, -2],
    );
  });
});
