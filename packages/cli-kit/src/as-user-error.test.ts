import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { asUserError } from "./as-user-error.js";
import { UserError } from "./user-error.js";

describe("asUserError", () => {
  it("returns what the function returns", () => {
    assert.equal(
      asUserError(() => 42),
      42,
    );
  });

  it("turns a plain error into a user error with the same message and the original as its cause", () => {
    const original = new RangeError("maxMessageBytes -1: not a byte count");
    assert.throws(
      () =>
        asUserError(() => {
          throw original;
        }),
      (e: unknown) => e instanceof UserError && e.message === "maxMessageBytes -1: not a byte count" && e.cause === original,
    );
  });

  it("rethrows a user error as is", () => {
    const original = new UserError("--config x.json: no such file");
    assert.throws(
      () =>
        asUserError(() => {
          throw original;
        }),
      (e: unknown) => e === original,
    );
  });

  it("names a thrown non-error by its string form", () => {
    assert.throws(
      () =>
        asUserError(() => {
          throw "bad value";
        }),
      (e: unknown) => e instanceof UserError && e.message === "bad value",
    );
  });
});
