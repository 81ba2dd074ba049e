// What protobuf-es does where Python's protobuf differs and the case runner cannot reach (it validates every
// request with protobuf-es first); docs/type-mapping.md lists these, and interop/python/tests/test_fidelity.py
// pins the Python side.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { create, fromBinary, fromJson, toBinary } from "@bufbuild/protobuf";
import { AllTypesSchema } from "../gen/polyrpc/fidelity/v1/fidelity_pb.js";

describe("protobuf-es where Python differs", () => {
  it("rejects an exponent in a 64-bit integer string", () => {
    assert.throws(() => fromJson(AllTypesSchema, { fInt64: "1e2" }), /expected bigint \(int64\): 1e2 out of range/);
  });

  it("writes a lone surrogate as U+FFFD, and rejects it in JSON", () => {
    const bytes = toBinary(AllTypesSchema, create(AllTypesSchema, { fString: "a\uD800b" }));
    assert.equal(Buffer.from(bytes).toString("hex"), "720561efbfbd62");
    assert.equal(fromBinary(AllTypesSchema, bytes).fString, "a\uFFFDb");
    assert.throws(() => fromJson(AllTypesSchema, { fString: "a\uD800b" }), /invalid UTF8/);
  });

  it("refuses invalid UTF-8 when decoding", () => {
    assert.throws(() => fromBinary(AllTypesSchema, Buffer.from("720361ff62", "hex")), /not valid for encoding utf-8/);
  });
});
