import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { encodeGrpcWebBody } from "./frames.js";
import { MessageSizeLimit } from "./message-size-limit.js";

describe("MessageSizeLimit", () => {
  it("finds the first message over the limit wherever the body is split", () => {
    const body = encodeGrpcWebBody([new Uint8Array(10), new Uint8Array(16), new Uint8Array(17), new Uint8Array(3)]);
    for (let cut = 0; cut <= body.length; cut++) {
      const limit = new MessageSizeLimit(16);
      const first = limit.push(body.subarray(0, cut));
      const over = first ?? limit.push(body.subarray(cut));
      assert.equal(over, 17, `cut at ${cut}`);
    }
  });

  it("passes messages at the limit and tells whether the body ends on a frame boundary", () => {
    const limit = new MessageSizeLimit(16);
    const body = encodeGrpcWebBody([new Uint8Array(16), new Uint8Array(0)]);
    assert.equal(limit.push(body), undefined);
    assert.equal(limit.atBoundary, true);
    assert.equal(limit.push(body.subarray(0, 7)), undefined);
    assert.equal(limit.atBoundary, false);
  });
});
