import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { schedule } from "./schedule.js";

describe("schedule", () => {
  it("runs every server for one scenario before the next scenario, forwards in odd passes and backwards in even ones", () => {
    const order = schedule(2, ["unary", "pingpong"], ["polyrpc", "grpc-js", "grpc-go"]).map((m) => `${m.pass}:${m.scenario}:${m.server}`);
    assert.deepEqual(order, [
      "1:unary:polyrpc",
      "1:unary:grpc-js",
      "1:unary:grpc-go",
      "1:pingpong:polyrpc",
      "1:pingpong:grpc-js",
      "1:pingpong:grpc-go",
      "2:unary:grpc-go",
      "2:unary:grpc-js",
      "2:unary:polyrpc",
      "2:pingpong:grpc-go",
      "2:pingpong:grpc-js",
      "2:pingpong:polyrpc",
    ]);
  });

  it("measures each (pass, scenario, server) exactly once", () => {
    const order = schedule(3, ["a", "b", "c"], [1, 2, 3, 4, 5]);
    assert.equal(order.length, 45);
    assert.equal(new Set(order.map((m) => `${m.pass}:${m.scenario}:${m.server}`)).size, 45);
  });

  it("rejects a pass count that is not a positive integer", () => {
    assert.throws(() => schedule(0, ["a"], [1]), /passes must be a positive integer, got 0/);
    assert.throws(() => schedule(1.5, ["a"], [1]), /got 1.5/);
  });
});
