import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { create } from "@bufbuild/protobuf";
import { Contact, FirstMsg, Greeter, PointSchema, RouteGuide } from "@polyrpc/stubs";
import { createServiceDefinition, methodPath } from "./service-definition.js";

describe("createServiceDefinition", () => {
  it("uses the proto names of package, service and method in paths", () => {
    assert.equal(methodPath(RouteGuide.method.getFeature), "/routeguide.RouteGuide/GetFeature");
    assert.equal(methodPath(FirstMsg.method.firstMsg), "/firstmsg.FirstMsg/firstMsg");
    assert.equal(methodPath(Greeter.method.sayHello), "/Greeter/SayHello");
    assert.equal(methodPath(Contact.method.getTask), "/Contact/getTask");
  });

  it("sets the streaming flags from the method kind", () => {
    const def = createServiceDefinition(RouteGuide);
    assert.deepEqual(
      Object.entries(def).map(([name, m]) => [name, m.requestStream, m.responseStream]),
      [
        ["getFeature", false, false],
        ["listFeatures", false, true],
        ["recordRoute", true, false],
        ["routeChat", true, true],
      ],
    );
  });

  it("serializes to protobuf binary and back, from messages and init shapes", () => {
    const def = createServiceDefinition(RouteGuide);
    const m = def["getFeature"]!;
    const bytes = m.requestSerialize(create(PointSchema, { latitude: 1, longitude: -1 }));
    assert.deepEqual([...bytes], [0x08, 0x01, 0x10, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]);
    assert.deepEqual([...m.requestSerialize({ latitude: 1, longitude: -1 } as never)], [...bytes]);
    const back = m.requestDeserialize(bytes) as { latitude: number; longitude: number };
    assert.equal(back.latitude, 1);
    assert.equal(back.longitude, -1);
  });
});
