import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseCaseFile } from "./case-file.js";

describe("parseCaseFile", () => {
  it("keeps an unquoted integer above 2^53 exact, as a string in the proto3 JSON", () => {
    const file = parseCaseFile(
      `cases:\n  - name: big\n    method: a.B/C\n    request: {id: 9007199254740993, small: 5, neg: -9223372036854775808}\n`,
      "c.yaml",
    );
    assert.deepEqual(file.cases[0]!.requests, [{ id: "9007199254740993", small: 5, neg: "-9223372036854775808" }]);
  });

  it("reads JSON files the same way, big integers included", () => {
    const file = parseCaseFile(`{"cases": [{"name": "big", "method": "a.B/C", "request": {"id": 18446744073709551615}}]}`, "c.json");
    assert.deepEqual(file.cases[0]!.requests, [{ id: "18446744073709551615" }]);
  });

  it("turns YAML's .nan and .inf into proto3 JSON's strings, and keeps -0 and fractions", () => {
    const file = parseCaseFile(`cases:\n  - name: f\n    method: a.B/C\n    request: {a: .nan, b: .inf, c: -.inf, d: -0.0, e: 0.1}\n`, "c.yaml");
    const request = file.cases[0]!.requests[0] as Record<string, unknown>;
    assert.deepEqual(request, { a: "NaN", b: "Infinity", c: "-Infinity", d: -0, e: 0.1 });
    assert.ok(Object.is(request["d"], -0));
  });

  it("refuses a number a double cannot hold instead of reading it as Infinity or zero, naming the case", () => {
    const at = (value: string) => () => parseCaseFile(`cases:\n  - name: big.double\n    method: a.B/C\n    request: {d: ${value}}\n`, "c.yaml");
    assert.throws(at("1e400"), {
      message:
        'c.yaml: case big.double: the number 1e400 is out of the range of a double (it would be read as Infinity); write .inf, -.inf or "Infinity" for the special values',
    });
    assert.throws(at("-1e400"), /case big\.double: the number -1e400 .* read as -Infinity/);
    assert.throws(at("1e-400"), /case big\.double: the number 1e-400 .* read as 0\)/);
    assert.throws(
      () => parseCaseFile(`{"cases": [{"name": "j", "method": "a.B/C", "request": {"d": 2e308}}]}`, "c.json"),
      /^UserError: c\.json: case j: the number 2e308/,
    );
    assert.deepEqual(parseCaseFile(`cases:\n  - {name: z, method: a.B/C, request: {d: 0e5, e: 5e-324}}\n`, "c.yaml").cases[0]!.requests, [{ d: 0, e: 5e-324 }]);
  });

  it("refuses metadata gRPC sets itself", () => {
    for (const key of ["grpc-timeout", "Grpc-Encoding", "content-type", "te"]) {
      assert.throws(() => parseCaseFile(`cases:\n  - {name: m, method: a.B/C, metadata: {${key}: x}}\n`, "c.yaml"), {
        message: `c.yaml: case m: "metadata" key "${key}" is reserved: gRPC sets it itself (use "timeoutMs" for a deadline)`,
      });
    }
  });

  it("reads every key: requests, metadata (lower-cased), timeoutMs, expect", () => {
    const file = parseCaseFile(
      `cases:
  - name: inventory.restock
    method: /inventory.v1.InventoryService/Restock
    requests: [{skuId: "1", quantity: 5}, {skuId: "2", quantity: -1}]
    metadata: {X-Tenant: a}
    timeoutMs: 2000
    expect:
      status: OK
      message: ""
      responses: [{restocked: 1, rejected: ["2"]}]
`,
      "c.yaml",
    );
    assert.deepEqual(file.cases[0], {
      name: "inventory.restock",
      method: "inventory.v1.InventoryService/Restock",
      requestKey: "requests",
      requests: [
        { skuId: "1", quantity: 5 },
        { skuId: "2", quantity: -1 },
      ],
      metadata: { "x-tenant": "a" },
      timeoutMs: 2000,
      expect: { status: "OK", message: "", responses: [{ restocked: 1, rejected: ["2"] }] },
    });
  });

  it("a case without request or requests sends one empty message", () => {
    const file = parseCaseFile(`cases:\n  - {name: e, method: a.B/C}\n`, "c.yaml");
    assert.equal(file.cases[0]!.requestKey, undefined);
    assert.deepEqual(file.cases[0]!.requests, [{}]);
  });

  const errors: [string, string, string][] = [
    ["a top level that is a list", `- a\n`, `c.yaml: expected a mapping with a "cases" list at the top, got a list`],
    ["an unknown top-level key", `cases: []\nextra: 1\n`, `c.yaml: unknown top-level key "extra"; the file has only "cases"`],
    ["an empty list", `cases: []\n`, `c.yaml: "cases" is empty`],
    ["a duplicate YAML key", `cases:\n  - name: a\n    name: b\n`, `c.yaml: line 3: not valid YAML or JSON: Map keys must be unique`],
    ["a missing name", `cases:\n  - method: a.B/C\n`, `c.yaml: case #1: "name" is missing`],
    ["a number as name", `cases:\n  - name: 5\n`, `c.yaml: case #1: "name" must be a string, got the number 5`],
    ["a missing method", `cases:\n  - name: a\n`, `c.yaml: case a: "method" is missing`],
    ["a method without a slash", `cases:\n  - name: a\n    method: a.B.C\n`, `c.yaml: case a: "method" "a.B.C" is not of the form package.Service/Method`],
    [
      "request and requests",
      `cases:\n  - name: a\n    method: a.B/C\n    request: {}\n    requests: []\n`,
      `c.yaml: case a: has both "request" and "requests"; give "request" (one message) or "requests" (a list)`,
    ],
    [
      "a request item that is not a mapping",
      `cases:\n  - name: a\n    method: a.B/C\n    requests: [{}, 3]\n`,
      `c.yaml: case a: "requests"[1] must be a mapping (a message as proto3 JSON), got the number 3`,
    ],
    [
      "a metadata value that is a number",
      `cases:\n  - name: a\n    method: a.B/C\n    metadata: {x-n: 1}\n`,
      `c.yaml: case a: "metadata" value of "x-n" must be a string, got the number 1`,
    ],
    [
      "a bad metadata key",
      `cases:\n  - name: a\n    method: a.B/C\n    metadata: {"x y": "1"}\n`,
      `c.yaml: case a: "metadata" key "x y" may contain only 0-9 a-z _ . -`,
    ],
    [
      "a fractional timeout",
      `cases:\n  - name: a\n    method: a.B/C\n    timeoutMs: 1.5\n`,
      `c.yaml: case a: "timeoutMs" must be a whole number of milliseconds from 1 to 2147483647, got the number 1.5`,
    ],
    [
      "a zero timeout",
      `cases:\n  - name: a\n    method: a.B/C\n    timeoutMs: 0\n`,
      `c.yaml: case a: "timeoutMs" must be a whole number of milliseconds from 1 to 2147483647, got the number 0`,
    ],
    [
      "an unknown expect key",
      `cases:\n  - name: a\n    method: a.B/C\n    expect: {code: OK}\n`,
      `c.yaml: case a: unknown key "expect.code"; expect has status, message, responses`,
    ],
    [
      "a status given as a number",
      `cases:\n  - name: a\n    method: a.B/C\n    expect: {status: 3}\n`,
      `c.yaml: case a: "expect.status" the number 3 is not a gRPC status code name; names are OK, CANCELLED, UNKNOWN, INVALID_ARGUMENT, DEADLINE_EXCEEDED, NOT_FOUND, ALREADY_EXISTS, PERMISSION_DENIED, RESOURCE_EXHAUSTED, FAILED_PRECONDITION, ABORTED, OUT_OF_RANGE, UNIMPLEMENTED, INTERNAL, UNAVAILABLE, DATA_LOSS, UNAUTHENTICATED`,
    ],
    [
      "a message that is not a string",
      `cases:\n  - name: a\n    method: a.B/C\n    expect: {message: null}\n`,
      `c.yaml: case a: "expect.message" must be a string, got null`,
    ],
    [
      "responses that are not a list",
      `cases:\n  - name: a\n    method: a.B/C\n    expect: {responses: {}}\n`,
      `c.yaml: case a: "expect.responses" must be a list of messages, got a mapping`,
    ],
  ];
  for (const [what, text, message] of errors) {
    it(`rejects ${what}`, () => {
      assert.throws(() => parseCaseFile(text, "c.yaml"), { name: "UserError", message });
    });
  }
});
