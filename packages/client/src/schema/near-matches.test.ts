import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { nearMatches } from "./near-matches.js";

describe("nearMatches", () => {
  const services = ["shop.v1.Shop", "shop.v1.Item", "shop.v1.Kind", "routeguide.RouteGuide", "Greeter", "grpc.reflection.v1alpha.ServerReflection"];

  it("finds a misspelt name, a name in another case and a name without its package", () => {
    assert.deepEqual(nearMatches("shop.v1.Itme", services), ["shop.v1.Item"]);
    assert.deepEqual(nearMatches("greeter", services), ["Greeter"]);
    assert.deepEqual(nearMatches("Shop", services), ["shop.v1.Shop"]);
    assert.deepEqual(nearMatches("RouteGuid", services), ["routeguide.RouteGuide"]);
  });

  it("finds nothing for a name that is far from every candidate", () => {
    assert.deepEqual(nearMatches("Inventory", services), []);
    assert.deepEqual(nearMatches("other.v1.Shop", services), []);
  });
});
