import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { create, createFileRegistry, createRegistry, fromJson, type DescMessage } from "@bufbuild/protobuf";
import { anyPack, BytesValueSchema, Int64ValueSchema, StructSchema, ValueSchema, type Value } from "@bufbuild/protobuf/wkt";
import {
  AnySchema,
  FieldDescriptorProto_Label,
  FieldDescriptorProto_Type,
  FileDescriptorProtoSchema,
  file_google_protobuf_struct,
  file_google_protobuf_wrappers,
} from "@bufbuild/protobuf/wkt";
import { BadRequestSchema, file_google_rpc_error_details } from "@polyrpc/grpc";
import { compareMessages, type Difference } from "./compare-messages.js";

const number = (n: number): Value => create(ValueSchema, { kind: { case: "numberValue", value: n } });
const diff = (...args: Parameters<typeof compareMessages> extends [infer S, infer A, infer B, ...unknown[]] ? [S, A, B] : never): Difference[] => {
  const out: Difference[] = [];
  compareMessages(args[0], args[1], args[2], "r", out, createRegistry(file_google_rpc_error_details));
  return out;
};

describe("compareMessages", () => {
  it("treats NaN as equal to NaN", () => {
    assert.deepEqual(diff(ValueSchema, number(NaN), number(NaN)), []);
  });

  it("tells -0 from +0", () => {
    assert.deepEqual(diff(ValueSchema, number(0), number(-0)), [{ path: "r.numberValue", expected: "0", actual: "-0" }]);
  });

  it("compares 64-bit integers exactly", () => {
    const a = create(Int64ValueSchema, { value: 9007199254740993n });
    const b = create(Int64ValueSchema, { value: 9007199254740992n });
    assert.deepEqual(diff(Int64ValueSchema, a, b), [{ path: "r.value", expected: "9007199254740993", actual: "9007199254740992" }]);
    assert.deepEqual(diff(Int64ValueSchema, a, create(Int64ValueSchema, { value: 9007199254740993n })), []);
  });

  it("compares bytes byte for byte", () => {
    const a = create(BytesValueSchema, { value: new Uint8Array([1, 2, 3]) });
    const b = create(BytesValueSchema, { value: new Uint8Array([1, 2, 4]) });
    assert.deepEqual(diff(BytesValueSchema, a, b), [{ path: "r.value", expected: "b64:AQID", actual: "b64:AQIE" }]);
  });

  it("names a oneof whose set field differs", () => {
    const s = create(ValueSchema, { kind: { case: "stringValue", value: "1" } });
    assert.deepEqual(diff(ValueSchema, number(1), s), [{ path: "r.kind", expected: "numberValue: 1", actual: 'stringValue: "1"' }]);
  });

  it("compares maps key by key, nested messages field by field", () => {
    const a = create(StructSchema, { fields: { x: number(1), y: number(2) } });
    const b = create(StructSchema, { fields: { x: number(1.5), z: number(2) } });
    assert.deepEqual(diff(StructSchema, a, b), [
      { path: 'r.fields["x"].numberValue', expected: "1", actual: "1.5" },
      { path: 'r.fields["y"]', expected: "2", actual: "(no entry)" },
      { path: 'r.fields["z"]', expected: "(no entry)", actual: "2" },
    ]);
  });

  it("unpacks Any to compare error details by field", () => {
    const pack = (field: string) =>
      anyPack(
        BadRequestSchema,
        create(BadRequestSchema, {
          fieldViolations: [
            { field: "a", description: "d" },
            { field, description: "d" },
          ],
        }),
      );
    assert.deepEqual(diff(AnySchema, pack("width"), pack("height")), [{ path: "r.fieldViolations[1].field", expected: '"width"', actual: '"height"' }]);
    assert.deepEqual(diff(AnySchema, pack("width"), pack("width")), []);
  });

  it("compares unknown fields by number, wire type and bytes", () => {
    const a = create(Int64ValueSchema, { value: 1n });
    const b = create(Int64ValueSchema, { value: 1n });
    b.$unknown = [{ no: 9, wireType: 0, data: new Uint8Array([0x48, 0x01]) }];
    assert.deepEqual(diff(Int64ValueSchema, a, b), [{ path: "r.<unknown fields>", expected: "(none)", actual: "#9 wire type 0 b64:SAE=" }]);
  });

  it("compares float fields as float32 values, as Python's shortest JSON and protobuf-es's widened double", () => {
    const a = fromJson(jsonTyped, { f: 0.1, w: 3.4028235e38 });
    const b = fromJson(jsonTyped, { f: 0.10000000149011612, w: 3.4028234663852886e38 });
    assert.deepEqual(diff(jsonTyped, a, b), []);
    assert.deepEqual(diff(jsonTyped, a, fromJson(jsonTyped, { f: 0.2, w: 3.4028235e38 })), [{ path: "r.f", expected: "0.1", actual: "0.2" }]);
  });

  it("compares Struct fields (plain JSON in protobuf-es) as JSON values, keys in any order", () => {
    const a = fromJson(jsonTyped, { s: { b: [1, null, { c: "x" }], a: true }, v: -0 });
    const b = fromJson(jsonTyped, { s: { a: true, b: [1, null, { c: "x" }] }, v: -0 });
    assert.deepEqual(diff(jsonTyped, a, b), []);
    const c = fromJson(jsonTyped, { s: { a: true, b: [1, null, { c: "y" }] }, v: 0 });
    // protobuf-es gives a Struct field as a plain object and a Value field as a message.
    assert.deepEqual(
      diff(jsonTyped, a, c).map((d) => d.path),
      ["r.s", "r.v.numberValue"],
    );
  });
});

/** A message with a float, a Struct, a Value and a FloatValue field, built from its descriptor. */
const jsonTyped: DescMessage = (() => {
  const { FLOAT: TYPE_FLOAT, MESSAGE: TYPE_MESSAGE } = FieldDescriptorProto_Type;
  const label = FieldDescriptorProto_Label.OPTIONAL;
  const file = create(FileDescriptorProtoSchema, {
    name: "json_typed.proto",
    package: "t",
    syntax: "proto3",
    dependency: ["google/protobuf/struct.proto", "google/protobuf/wrappers.proto"],
    messageType: [
      {
        name: "JsonTyped",
        field: [
          { name: "f", jsonName: "f", number: 1, label, type: TYPE_FLOAT },
          { name: "s", jsonName: "s", number: 2, label, type: TYPE_MESSAGE, typeName: ".google.protobuf.Struct" },
          { name: "v", jsonName: "v", number: 3, label, type: TYPE_MESSAGE, typeName: ".google.protobuf.Value" },
          { name: "w", jsonName: "w", number: 4, label, type: TYPE_MESSAGE, typeName: ".google.protobuf.FloatValue" },
        ],
      },
    ],
  });
  const deps = new Map([
    ["google/protobuf/struct.proto", file_google_protobuf_struct],
    ["google/protobuf/wrappers.proto", file_google_protobuf_wrappers],
  ]);
  const message = createFileRegistry(file, (name) => deps.get(name)).getMessage("t.JsonTyped");
  assert.ok(message);
  return message;
})();
