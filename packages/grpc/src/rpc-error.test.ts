import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { anyPack, DurationSchema } from "@bufbuild/protobuf/wkt";
import { Greeter, RouteGuide } from "@polyrpc/stubs";
import { Metadata, status } from "@grpc/grpc-js";
import { createClient } from "./create-client.js";
import { BadRequestSchema, RetryInfoSchema, ErrorInfoSchema } from "./gen/google/rpc/error_details_pb.js";
import { StatusSchema } from "./gen/google/rpc/status_pb.js";
import { encodeStatusDetails, RpcError, statusDetailsKey } from "./rpc-error.js";
import { service } from "./service-impl.js";
import { startServer } from "./testdata/start-server.js";

const badName = anyPack(BadRequestSchema, create(BadRequestSchema, { fieldViolations: [{ field: "name", description: "invalid name: x" }] }));
const retryLater = anyPack(RetryInfoSchema, create(RetryInfoSchema, { retryDelay: create(DurationSchema, { seconds: 2n }) }));

/** Runs `call` and returns the RpcError it rejected with. */
async function rejection(call: () => Promise<unknown>): Promise<RpcError> {
  try {
    await call();
  } catch (e) {
    assert.ok(e instanceof RpcError, `expected an RpcError, got ${String(e)}`);
    return e;
  }
  assert.fail("the call succeeded");
}

describe("RpcError details (google.rpc.Status in grpc-status-details-bin)", () => {
  it("travel from a handler to the client, typed, with the code and message unchanged", async () => {
    const t = await startServer({
      services: [
        service(Greeter, {
          sayHello(request) {
            if (request.name === "plain") throw new RpcError(status.NOT_FOUND, "no such name: plain");
            throw new RpcError(status.INVALID_ARGUMENT, `invalid name: ${request.name}`, undefined, { details: [badName, retryLater] });
          },
        }),
      ],
    });
    try {
      const client = createClient(Greeter, t.target);
      const error = await rejection(() => client.sayHello({ name: "x" }));
      assert.equal(error.code, status.INVALID_ARGUMENT);
      assert.equal(error.message, "invalid name: x");
      assert.equal(error.details.length, 2);
      const [bad, ...moreBad] = error.findDetails(BadRequestSchema);
      assert.deepEqual(moreBad, []);
      assert.deepEqual(
        bad?.fieldViolations.map((v) => [v.field, v.description]),
        [["name", "invalid name: x"]],
      );
      assert.equal(error.findDetails(RetryInfoSchema)[0]?.retryDelay?.seconds, 2n);
      assert.deepEqual(error.findDetails(ErrorInfoSchema), []);
      // The trailer is the serialized Status, with the call's code and message as the spec asks.
      const trailer = error.metadata.get(statusDetailsKey)[0] as Buffer;
      const sent = fromBinary(StatusSchema, trailer);
      assert.deepEqual(
        [sent.code, sent.message, sent.details.map((d) => d.typeUrl)],
        [status.INVALID_ARGUMENT, "invalid name: x", ["type.googleapis.com/google.rpc.BadRequest", "type.googleapis.com/google.rpc.RetryInfo"]],
      );

      const plain = await rejection(() => client.sayHello({ name: "plain" }));
      assert.deepEqual([plain.code, plain.message, plain.details], [status.NOT_FOUND, "no such name: plain", []]);
      assert.deepEqual(plain.metadata.get(statusDetailsKey), [], "no details, no trailer");
    } finally {
      await t.close();
    }
  });

  it("reach a streaming client too", async () => {
    const t = await startServer({
      services: [
        service(RouteGuide, {
          async *listFeatures() {
            throw new RpcError(status.OUT_OF_RANGE, "rectangle too large", undefined, { details: [badName] });
          },
        }),
      ],
    });
    try {
      const error = await rejection(async () => {
        for await (const _ of createClient(RouteGuide, t.target).listFeatures({})) assert.fail("no feature expected");
      });
      assert.deepEqual([error.code, error.message], [status.OUT_OF_RANGE, "rectangle too large"]);
      assert.equal(error.findDetails(BadRequestSchema)[0]?.fieldViolations[0]?.field, "name");
    } finally {
      await t.close();
    }
  });

  it("are ignored when the trailer is not a google.rpc.Status or names another code, and kept in metadata", () => {
    const garbage = new Metadata();
    garbage.set(statusDetailsKey, Buffer.from([0xff]));
    assert.deepEqual(new RpcError(status.INVALID_ARGUMENT, "bad", garbage).details, []);
    assert.deepEqual(garbage.get(statusDetailsKey), [Buffer.from([0xff])]);

    const otherCode = new Metadata();
    otherCode.set(statusDetailsKey, encodeStatusDetails(status.NOT_FOUND, "bad", [badName]));
    assert.deepEqual(new RpcError(status.INVALID_ARGUMENT, "bad", otherCode).details, []);

    const same = new Metadata();
    same.set(
      statusDetailsKey,
      Buffer.from(toBinary(StatusSchema, create(StatusSchema, { code: status.INVALID_ARGUMENT, message: "bad", details: [badName] }))),
    );
    assert.equal(new RpcError(status.INVALID_ARGUMENT, "bad", same).findDetails(BadRequestSchema).length, 1);
  });
});
