import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { jobJson } from "./python-client.js";

describe("jobJson", () => {
  it("keeps the sign of zero that JSON.stringify drops, anywhere in the job", () => {
    const text = jobJson({ requests: [{ d: -0, list: [0, -0, 1.5], nested: { z: -0 } }], timeoutMs: null });
    assert.equal(text, '{"requests":[{"d":-0.0,"list":[0,-0.0,1.5],"nested":{"z":-0.0}}],"timeoutMs":null}');
    const back = JSON.parse(text) as { requests: [{ d: number; list: number[] }] };
    assert.ok(Object.is(back.requests[0].d, -0));
    assert.ok(Object.is(back.requests[0].list[0], 0));
  });

  it("leaves strings that look like the marker's neighbours alone", () => {
    assert.equal(jobJson({ s: "-0", t: "-0.0", n: 0 }), '{"s":"-0","t":"-0.0","n":0}');
  });
});
