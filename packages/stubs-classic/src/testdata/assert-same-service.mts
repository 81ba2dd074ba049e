import assert from "node:assert/strict";
import type { DescMessage, DescService } from "@bufbuild/protobuf";

/**
 * Asserts that a classic `_grpc_pb.js` module describes `service` as protobuf-es does: `<Name>Client` is a
 * constructor, and `<Name>Service` lists the same methods (lowerCamelCase, in order) with equal paths, stream
 * flags and request and response classes (`classicClass` maps a protobuf-es message to its google-protobuf class).
 */
export function assertSameService(service: DescService, grpcModule: Record<string, unknown>, classicClass: (message: DescMessage) => unknown): void {
  const definition = grpcModule[`${service.name}Service`] as Record<string, Record<string, unknown>>;
  assert.equal(typeof grpcModule[`${service.name}Client`], "function", `${service.name}Client is exported`);
  const lowerCamel = (name: string) => name[0]!.toLowerCase() + name.slice(1);
  assert.deepEqual(
    Object.keys(definition),
    service.methods.map((m) => lowerCamel(m.name)),
  );
  for (const method of service.methods) {
    const classic = definition[lowerCamel(method.name)]!;
    assert.equal(classic["path"], `/${service.typeName}/${method.name}`);
    assert.equal(classic["requestStream"], method.methodKind === "client_streaming" || method.methodKind === "bidi_streaming", `${method.name} requestStream`);
    assert.equal(
      classic["responseStream"],
      method.methodKind === "server_streaming" || method.methodKind === "bidi_streaming",
      `${method.name} responseStream`,
    );
    assert.equal(classic["requestType"], classicClass(method.input), `${method.name} request type is ${method.input.typeName}`);
    assert.equal(classic["responseType"], classicClass(method.output), `${method.name} response type is ${method.output.typeName}`);
  }
}
