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

  it("finds the right name under a wrong package, or a package the candidate does not have", () => {
    assert.deepEqual(nearMatches("helloworld.Greeter", services), ["Greeter"]);
    assert.deepEqual(nearMatches("other.v1.Shop", services), ["shop.v1.Shop"]);
    assert.deepEqual(nearMatches("v1.Shop", services), ["shop.v1.Shop"]);
    assert.deepEqual(nearMatches("helloworld.Greeter.SayHello", ["Greeter.SayHello", "Greeter", "HelloRequest"]), ["Greeter.SayHello"]);
  });

  it("ranks an exact name above the same name under another package", () => {
    assert.deepEqual(nearMatches("shop.v1.shop", ["other.Shop", "shop.v1.Shop"]), ["shop.v1.Shop", "other.Shop"]);
  });

  it("finds nothing for a name that is far from every candidate", () => {
    assert.deepEqual(nearMatches("Inventory", services), []);
    assert.deepEqual(nearMatches("other.v1.Shopping", services), []);
    assert.deepEqual(nearMatches("helloworld.Greetings", services), []);
  });
});
