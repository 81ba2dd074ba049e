import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { formatTable } from "./format-table.js";

describe("formatTable", () => {
  it("pads each column to its widest cell, two spaces apart, with a rule under the header", () => {
    assert.deepEqual(
      formatTable(
        ["case", "ts server × py client"],
        [
          ["greeter.say_hello", "✓"],
          ["x", "✗ responses[0].name"],
        ],
      ),
      [
        "case               ts server × py client",
        "-----------------  ---------------------",
        "greeter.say_hello  ✓",
        "x                  ✗ responses[0].name",
      ],
    );
  });

  it("treats a missing cell as empty and keeps a header-only table", () => {
    assert.deepEqual(formatTable(["a", "bb"], [["long"]]), ["a     bb", "----  --", "long"]);
    assert.deepEqual(formatTable(["a"], []), ["a", "-"]);
  });
});
