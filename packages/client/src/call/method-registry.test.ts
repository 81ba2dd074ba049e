import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { fromJson, isMessage } from "@bufbuild/protobuf";
import { PointSchema } from "@polyrpc/stubs";
import { UserError } from "@polyrpc/cli-kit";
import { stubFiles } from "../schema/schema-source.js";
import { createMethodRegistry } from "./method-registry.js";

describe("createMethodRegistry", () => {
  const methods = createMethodRegistry();

  it("lists every method of @polyrpc/stubs by its proto name, sorted", () => {
    const expected = stubFiles.flatMap((f) => f.services.flatMap((s) => s.methods.map((m) => `${s.typeName}/${m.name}`))).sort();
    assert.deepEqual(methods.names, expected);
    assert.ok(methods.names.includes("routeguide.RouteGuide/RouteChat"));
    assert.ok(!methods.names.some((n) => n.startsWith("polyrpc.bench.")), "the bench's service stays out of the published stubs");
    assert.deepEqual(methods.names.slice(0, 4), ["Contact/getTask", "Contact/sendStatus", "Contact/tellResult", "Greeter/SayHello"]);
  });

  it("finds a method as Service/Method, /Service/Method or Service.Method", () => {
    for (const name of ["routeguide.RouteGuide/RouteChat", "/routeguide.RouteGuide/RouteChat", "routeguide.RouteGuide.RouteChat"]) {
      const method = methods.find(name);
      assert.equal(method?.methodKind, "bidi_streaming", name);
      assert.equal(method?.input.typeName, "routeguide.RouteNote");
    }
    assert.equal(methods.find("Greeter/SayHello")?.parent.typeName, "Greeter");
  });

  it("is case-sensitive and wants the full service name", () => {
    for (const name of ["Greeter/sayHello", "RouteGuide/GetFeature", "firstmsg.FirstMsg", "/", "", "GetFeature"]) {
      assert.equal(methods.find(name), undefined, name);
    }
    assert.throws(
      () => methods.resolve("nope"),
      (e: unknown) => e instanceof UserError && e.message.startsWith('unknown method "nope"; known methods are: Contact/getTask, '),
    );
  });

  it("decodes into the stubs' own schemas", () => {
    const point = fromJson(methods.find("routeguide.RouteGuide/GetFeature")!.input, { latitude: 1 }, { registry: methods.registry });
    assert.ok(isMessage(point, PointSchema));
  });
});
