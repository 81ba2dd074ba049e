import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Code, ConnectError } from "@connectrpc/connect";
import { create, toBinary } from "@bufbuild/protobuf";
import { BadRequestSchema } from "@polyrpc/grpc/error-details";
import { describeError } from "./show-error.js";

describe("describeError", () => {
  it("names the gRPC code and gives the server's message as sent", () => {
    assert.equal(
      describeError(new ConnectError('invalid start_date: "2023-02-30" is not a date in YYYY-MM-DD form', Code.InvalidArgument)),
      'INVALID_ARGUMENT: invalid start_date: "2023-02-30" is not a date in YYYY-MM-DD form',
    );
    assert.equal(describeError(new ConnectError("backend 127.0.0.1:1 unavailable", Code.Unavailable)), "UNAVAILABLE: backend 127.0.0.1:1 unavailable");
  });

  it("lists rich error details under the message, google.rpc's as JSON, others by type and size", () => {
    const error = new ConnectError("bad request", Code.InvalidArgument);
    const badRequest = create(BadRequestSchema, { fieldViolations: [{ field: "start_date", description: "not a date" }] });
    error.details.push({ type: "google.rpc.BadRequest", value: toBinary(BadRequestSchema, badRequest), debug: undefined });
    error.details.push({ type: "shop.QuotaDetail", value: Uint8Array.of(10, 3, 1, 2, 3), debug: undefined });
    // Bytes that do not parse as the type they name (field 1 is a length-delimited list cut short).
    error.details.push({ type: "google.rpc.BadRequest", value: Uint8Array.of(10, 3, 1), debug: undefined });
    assert.equal(
      describeError(error),
      "INVALID_ARGUMENT: bad request\n" +
        'detail google.rpc.BadRequest {"fieldViolations":[{"field":"start_date","description":"not a date"}]}\n' +
        "detail shop.QuotaDetail (5 bytes)\n" +
        "detail google.rpc.BadRequest (3 bytes)",
    );
  });

  it("turns anything else into UNKNOWN with its message", () => {
    assert.equal(describeError(new Error("sha256 mismatch")), "UNKNOWN: sha256 mismatch");
  });
});
