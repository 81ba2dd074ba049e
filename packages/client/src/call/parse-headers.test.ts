import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { UserError } from "@polyrpc/cli-kit";
import { parseHeaders } from "./parse-headers.js";

describe("parseHeaders", () => {
  it("lower-cases keys, trims values and collects repeated keys", () => {
    assert.deepEqual(parseHeaders(["Authorization: Bearer t0k", "x-a:1", "x-a:  2  ", "x-empty:"]), {
      authorization: ["Bearer t0k"],
      "x-a": ["1", "2"],
      "x-empty": [""],
    });
  });

  it("keeps a colon in the value", () => {
    assert.deepEqual(parseHeaders(["x-url: http://a:1/"]), { "x-url": ["http://a:1/"] });
  });

  it("decodes -bin values from base64, standard or URL-safe, padded or not", () => {
    assert.deepEqual(parseHeaders(["x-b-bin: AAH/", "x-b-bin: AAH_", "x-c-bin: AQ", "x-c-bin: AQ=="]), {
      "x-b-bin": [new Uint8Array([0, 1, 255]), new Uint8Array([0, 1, 255])],
      "x-c-bin": [new Uint8Array([1]), new Uint8Array([1])],
    });
  });

  it("rejects a header without a colon or name, a bad name and bad base64", () => {
    for (const header of ["x", ": v", "x y: v", "ü: v", "x-bin: ***", "x-bin: A"]) {
      assert.throws(() => parseHeaders([header]), UserError, header);
    }
  });
});
