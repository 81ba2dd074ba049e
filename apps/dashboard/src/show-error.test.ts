import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Code, ConnectError } from "@connectrpc/connect";
import { describeError } from "./show-error.js";

describe("describeError", () => {
  it("names the gRPC code and gives the server's message as sent", () => {
    assert.equal(describeError(new ConnectError('invalid start_date: "2023-02-30" is not a date in YYYY-MM-DD form', Code.InvalidArgument)), 'INVALID_ARGUMENT: invalid start_date: "2023-02-30" is not a date in YYYY-MM-DD form');
    assert.equal(describeError(new ConnectError("backend 127.0.0.1:1 unavailable", Code.Unavailable)), "UNAVAILABLE: backend 127.0.0.1:1 unavailable");
  });

  it("lists rich error details under the message", () => {
    const error = new ConnectError("bad request", Code.InvalidArgument);
    error.details.push({ type: "google.rpc.BadRequest", value: Uint8Array.of(10, 3, 1, 2, 3), debug: undefined });
    assert.equal(describeError(error), "INVALID_ARGUMENT: bad request\ndetail google.rpc.BadRequest (5 bytes)");
  });

  it("turns anything else into UNKNOWN with its message", () => {
    assert.equal(describeError(new Error("sha256 mismatch")), "UNKNOWN: sha256 mismatch");
  });
});
