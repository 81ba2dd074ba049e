import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { decodeGrpcWebFrames, decodeGrpcWebResponse, encodeGrpcWebBody, encodeTrailerFrame } from "./frames.js";

describe("gRPC-web frames", () => {
  it("encodes messages with a 5-byte prefix and decodes them with the trailer frame", () => {
    const body = encodeGrpcWebBody([Uint8Array.of(1, 2), Uint8Array.of()]);
    assert.deepEqual([...body], [0, 0, 0, 0, 2, 1, 2, 0, 0, 0, 0, 0]);
    const trailer = encodeTrailerFrame({ "grpc-status": "3", "Grpc-Message": "bad%20date" });
    assert.equal(Buffer.from(trailer.subarray(5)).toString(), "grpc-status: 3\r\ngrpc-message: bad%20date\r\n");
    assert.equal(trailer[0], 0x80);
    const decoded = decodeGrpcWebResponse(new Uint8Array(Buffer.concat([body, trailer])));
    assert.deepEqual(
      decoded.messages.map((m) => [...m]),
      [[1, 2], []],
    );
    assert.deepEqual(decoded.trailers, { "grpc-status": "3", "grpc-message": "bad%20date" });
  });

  it("rejects a truncated body, saying where", () => {
    assert.throws(() => decodeGrpcWebFrames(Uint8Array.of(0, 0, 0)), { message: "truncated grpc-web frame header at byte 0 of 3" });
    assert.throws(() => decodeGrpcWebFrames(Uint8Array.of(0, 0, 0, 0, 4, 1)), { message: "truncated grpc-web frame at byte 0: 4 bytes announced, 1 present" });
  });
});
