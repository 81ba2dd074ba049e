import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { formatFloat, formatG } from "./format-float.js";

describe("formatFloat", () => {
  // Expected strings are what Python's protobuf 7 (upb) printed for these float fields.
  const cases: [number, string][] = [
    [1.1, "1.1"],
    [5, "5"],
    [7.5, "7.5"],
    [2.5, "2.5"],
    [1234567, "1234567"],
    [0.00001234, "1.234e-05"],
    [-1e-7, "-1e-07"],
    [100.12345, "100.123451"],
    [100.0078125, "100.007812"],
    [1000005, "1000005"],
    [0.0001, "0.0001"],
    [0.00001, "1e-05"],
    [123456.7, "123456.703"],
    [3.4e-45, "2.8026e-45"],
    [3.4028235e38, "3.40282347e+38"],
    [1e20, "1e+20"],
    [-0, "-0"],
    [Infinity, "inf"],
    [-Infinity, "-inf"],
    [NaN, "nan"],
  ];
  for (const [value, expected] of cases) {
    it(`prints the float32 ${value} as ${expected}, as Python's protobuf does`, () => {
      assert.equal(formatFloat(Math.fround(value), "float"), expected);
    });
  }

  it("prints doubles with 15 digits, or 17 when 15 do not read back", () => {
    assert.equal(formatFloat(0.1, "double"), "0.1");
    assert.equal(formatFloat(0.1 + 0.2, "double"), "0.30000000000000004");
    assert.equal(formatFloat(1e100, "double"), "1e+100");
    assert.equal(formatFloat(5e-324, "double"), "4.94065645841247e-324");
  });
});

describe("formatG", () => {
  it("matches C's %g in exponent form, fixed form and rounding", () => {
    assert.equal(formatG(123456, 6), "123456");
    assert.equal(formatG(1234567, 6), "1.23457e+06");
    assert.equal(formatG(999999.5, 6), "1e+06");
    assert.equal(formatG(0.000123, 6), "0.000123");
    assert.equal(formatG(0.0000123, 6), "1.23e-05");
    assert.equal(formatG(0.125, 2), "0.12");
    assert.equal(formatG(0.375, 2), "0.38");
    assert.equal(formatG(2.5, 1), "2");
    assert.equal(formatG(-12.5, 6), "-12.5");
  });
});
