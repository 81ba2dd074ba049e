import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { splitJsonValues } from "./split-json-values.js";

describe("splitJsonValues", () => {
  it("gives no values for empty or blank text", () => {
    assert.deepEqual(splitJsonValues(""), []);
    assert.deepEqual(splitJsonValues(" \n\t\r\n"), []);
  });

  it("splits values one per line, on one line, or run together", () => {
    assert.deepEqual(splitJsonValues('{"a": 1}\n{"b": [2, {"c": 3}]}\n'), ['{"a": 1}', '{"b": [2, {"c": 3}]}']);
    assert.deepEqual(splitJsonValues('{}{"a":1}[1] "s" 12 true null'), ["{}", '{"a":1}', "[1]", '"s"', "12", "true", "null"]);
  });

  it("ignores brackets and escaped quotes inside strings", () => {
    assert.deepEqual(splitJsonValues('{"a": "}{ \\" ]["} {"b": "\\\\"}'), ['{"a": "}{ \\" ]["}', '{"b": "\\\\"}']);
  });

  it("leaves an unterminated value or stray text as a piece of its own, for JSON.parse to reject", () => {
    assert.deepEqual(splitJsonValues('{"a": 1} {"b": '), ['{"a": 1}', '{"b": ']);
    assert.deepEqual(splitJsonValues('{"a": 1}} x'), ['{"a": 1}', "}", "x"]);
    assert.deepEqual(splitJsonValues('"open'), ['"open']);
  });

  it("skips a byte-order mark", () => {
    assert.deepEqual(splitJsonValues("\ufeff{}"), ["{}"]);
  });
});
