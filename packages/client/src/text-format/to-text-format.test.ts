import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { create } from "@bufbuild/protobuf";
import {
  FieldDescriptorProto_Label,
  FieldDescriptorProto_Type,
  FieldDescriptorProtoSchema,
  Int64ValueSchema,
  StructSchema,
  ValueSchema,
} from "@bufbuild/protobuf/wkt";
import { MACDGraphReplySchema, MACDReplySchema, PointSchema, RectangleSchema, RouteNoteSchema } from "@polyrpc/stubs";
import { toTextFormat } from "./to-text-format.js";

// Every expected string is what Python's protobuf 7 (upb) returned for str() of the same message.
describe("toTextFormat", () => {
  it("prints a Point as Python's str(point) does", () => {
    const point = create(PointSchema, { latitude: 409146138, longitude: -746188906 });
    assert.equal(toTextFormat(PointSchema, point), "latitude: 409146138\nlongitude: -746188906\n");
  });

  it("prints an empty message as the empty string", () => {
    assert.equal(toTextFormat(PointSchema, create(PointSchema)), "");
  });

  it("prints a set but empty submessage as an empty block", () => {
    const rect = create(RectangleSchema, { lo: {}, hi: { latitude: 1 } });
    assert.equal(toTextFormat(RectangleSchema, rect), "lo {\n}\nhi {\n  latitude: 1\n}\n");
  });

  it("prints repeated messages as blocks, with floats as float32 and escaped strings", () => {
    const reply = create(MACDReplySchema, {
      macd: [
        {
          date: '2023-01-02é\n"',
          open: 1.1,
          close: 5,
          high: 7.5,
          low: 1234567,
          macd: 0.00001234,
          signal: -1e-7,
          histogram: 100.12345,
        },
      ],
    });
    assert.equal(
      toTextFormat(MACDReplySchema, reply),
      'macd {\n  date: "2023-01-02é\\n\\""\n  open: 1.1\n  close: 5\n  high: 7.5\n  low: 1234567\n' +
        "  macd: 1.234e-05\n  signal: -1e-07\n  histogram: 100.123451\n}\n",
    );
  });

  it("escapes non-printable bytes as octal, and ASCII control characters in strings", () => {
    const chunk = create(MACDGraphReplySchema, {
      macdChunk: new Uint8Array([0x00, 0x89, ...Buffer.from("PNG\r\n'\"\\ a"), 0x7f]),
      offset: 5n,
      totalSize: 2n ** 63n,
    });
    assert.equal(
      toTextFormat(MACDGraphReplySchema, chunk),
      'macd_chunk: "\\000\\211PNG\\r\\n\\\'\\"\\\\ a\\177"\noffset: 5\ntotal_size: 9223372036854775808\n',
    );
    const note = create(RouteNoteSchema, { message: "it's \x01\t€" });
    assert.equal(toTextFormat(RouteNoteSchema, note), 'message: "it\\\'s \\001\\t€"\n');
  });

  it("prints enums by name, oneof members set to zero, 64-bit integers and explicit-presence fields in number order", () => {
    assert.equal(toTextFormat(ValueSchema, create(ValueSchema, { kind: { case: "nullValue", value: 0 } })), "null_value: NULL_VALUE\n");
    assert.equal(toTextFormat(Int64ValueSchema, create(Int64ValueSchema, { value: -(2n ** 63n) })), "value: -9223372036854775808\n");
    const field = create(FieldDescriptorProtoSchema, {
      type: FieldDescriptorProto_Type.STRING,
      label: FieldDescriptorProto_Label.REPEATED,
      name: "x",
    });
    assert.equal(toTextFormat(FieldDescriptorProtoSchema, field), 'name: "x"\nlabel: LABEL_REPEATED\ntype: TYPE_STRING\n');
  });

  it("prints a map entry as a block with its key and value", () => {
    const struct = create(StructSchema, { fields: { l: { kind: { case: "listValue", value: { values: [{ kind: { case: "boolValue", value: true } }] } } } } });
    assert.equal(
      toTextFormat(StructSchema, struct),
      'fields {\n  key: "l"\n  value {\n    list_value {\n      values {\n        bool_value: true\n      }\n    }\n  }\n}\n',
    );
  });
});
