import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { toBinary } from "@bufbuild/protobuf";
import { status } from "@grpc/grpc-js";
import { HelloRequestSchema, MACDReplySchema, RouteNoteSchema } from "@polyrpc/stubs";
import { createRequestDeserializer, describeDecodeError, UndecodableRequest } from "./decode-request.js";
import { createSerializer } from "./serialization.js";

const decodeHello = createRequestDeserializer(HelloRequestSchema);

describe("createRequestDeserializer", () => {
  it("decodes a valid request as createDeserializer does", () => {
    const request = decodeHello(Buffer.from(toBinary(HelloRequestSchema, { $typeName: "HelloRequest", name: "日本語 ✓" })));
    assert.ok(!(request instanceof UndecodableRequest));
    assert.equal(request.name, "日本語 ✓");
  });

  it("answers invalid UTF-8 in a string field with INTERNAL naming the field", () => {
    const result = decodeHello(Buffer.from([0x0a, 0x02, 0xff, 0xfe]));
    assert.ok(result instanceof UndecodableRequest);
    assert.deepEqual(result.toServiceError(), { code: status.INTERNAL, details: "invalid request: string field HelloRequest.name is not valid UTF-8" });
  });

  it("names a string field inside a repeated nested message", () => {
    // MACDReply.macd[1].date = 0xc3 0x28, after a valid first entry.
    const entry = (date: number[]) => [0x0a, date.length + 2, 0x0a, date.length, ...date];
    const bytes = new Uint8Array([...entry([0x41]), ...entry([0xc3, 0x28])]);
    const error = describeDecodeError(MACDReplySchema, bytes, new TypeError("not utf-8"));
    assert.equal(error.code, status.INTERNAL);
    assert.equal(error.message, "invalid request: string field idc.MACDData.date is not valid UTF-8");
  });

  it("answers truncated and malformed bytes with INTERNAL and protobuf-es's reason", () => {
    const truncated = decodeHello(Buffer.from([0x0a, 0x05, 0x41]));
    assert.ok(truncated instanceof UndecodableRequest);
    assert.equal(truncated.error.message, "invalid request: cannot decode HelloRequest: premature EOF");
    const garbage = createRequestDeserializer(RouteNoteSchema)(Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff]));
    assert.ok(garbage instanceof UndecodableRequest);
    assert.match(garbage.error.message, /^invalid request: cannot decode routeguide\.RouteNote: .+/);
  });

  it("keeps unknown fields: decode then encode gives the same bytes", () => {
    // name "a", then field 15 (varint 300) and field 1000 (bytes 01 02): unknown to HelloRequest.
    const bytes = Buffer.from([0x0a, 0x01, 0x61, 0x78, 0xac, 0x02, 0xc2, 0x3e, 0x02, 0x01, 0x02]);
    const request = decodeHello(bytes);
    assert.ok(!(request instanceof UndecodableRequest));
    assert.deepEqual(createSerializer(HelloRequestSchema)(request), bytes);
  });
});
