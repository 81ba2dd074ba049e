import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { BadRequestSchema, Code, createClient, RpcError } from "@polyrpc/grpc";
import { FirstMsg } from "@polyrpc/stubs";
import { startSeedServer, type SeedServer } from "../testdata/seed-server.js";

describe("FirstMsg", () => {
  let t: SeedServer;
  before(async () => (t = await startSeedServer()));
  after(() => t.close());

  it("answers a JSON body with the seed's success reply, byte for byte", async () => {
    const body = JSON.stringify({ from: 1, to: 2, op_time: "2024-01-01 10:00:00", msg: "hello" });
    const reply = await createClient(FirstMsg, t.channel).firstMsg({ body });
    assert.equal(reply.content, '{"code": 200, "data": "success"}');
    assert.ok(t.lines.includes(`receive client request : ${body}`));
  });

  it("answers an empty body with the seed's failure reply", async () => {
    const reply = await createClient(FirstMsg, t.channel).firstMsg({});
    assert.equal(reply.content, '{"code": 500, "data": "failure"}');
  });

  it("rejects a body that is not JSON with INVALID_ARGUMENT naming the body", async () => {
    await assert.rejects(createClient(FirstMsg, t.channel).firstMsg({ body: "{not json — ünïcode" }), (e: unknown) => {
      assert.ok(e instanceof RpcError);
      assert.equal(e.code, Code.INVALID_ARGUMENT);
      assert.equal(e.message, 'invalid body: not valid JSON: "{not json — ünïcode"');
      const [detail, ...more] = e.findDetails(BadRequestSchema);
      assert.deepEqual(more, []);
      assert.deepEqual(
        detail?.fieldViolations.map((v) => [v.field, v.description]),
        [["body", 'invalid body: not valid JSON: "{not json — ünïcode"']],
      );
      return true;
    });
  });
});
