import type { DescMethod, DescService } from "@bufbuild/protobuf";
import type { MethodDefinition, ServiceDefinition } from "@grpc/grpc-js";
import { createRequestDeserializer } from "./decode-request.js";
import { createDeserializer, createSerializer } from "./serialization.js";

/**
 * The gRPC path of a method: `/<package>.<Service>/<Method>`, with the method's proto name (not its
 * camel-cased local name), so `firstmsg.FirstMsg.firstMsg` stays `/firstmsg.FirstMsg/firstMsg`.
 */
export function methodPath(method: DescMethod): string {
  return `/${method.parent.typeName}/${method.name}`;
}

export interface ServiceDefinitionOptions {
  /**
   * The definition serves only a grpc-js server (`Server.addService`): its response serializer may then
   * return a view of a buffer that the next response reuses, which the grpc-js server copies at once
   * (see `SerializerOptions.sharedOutput`). Leave it off when anything else calls `responseSerialize`.
   */
  forGrpcJsServer?: boolean;
}

/**
 * A grpc-js method definition built from a protobuf-es method descriptor. Its request deserializer does
 * not throw: bytes that do not decode come out as an internal UndecodableRequest, which the handlers of
 * `createServer` answer with INTERNAL and a message naming the problem.
 */
export function createMethodDefinition(method: DescMethod, options: ServiceDefinitionOptions = {}): MethodDefinition<unknown, unknown> {
  // biome-ignore lint/suspicious/noExplicitAny: the serializers take the method's own message types, which MethodDefinition<unknown, unknown> cannot hold; callers get it as unknown.
  const definition: MethodDefinition<any, any> = {
    path: methodPath(method),
    requestStream: method.methodKind === "client_streaming" || method.methodKind === "bidi_streaming",
    responseStream: method.methodKind === "server_streaming" || method.methodKind === "bidi_streaming",
    requestSerialize: createSerializer(method.input),
    requestDeserialize: createRequestDeserializer(method.input),
    responseSerialize: createSerializer(method.output, { sharedOutput: options.forGrpcJsServer === true }),
    responseDeserialize: createDeserializer(method.output),
    originalName: method.localName,
  };
  return definition;
}

/**
 * Builds the grpc-js service definition for a protobuf-es service descriptor, keyed by the methods'
 * local (camel-case) names, which are also the keys of a {@link ServiceImpl}.
 */
export function createServiceDefinition(service: DescService, options: ServiceDefinitionOptions = {}): ServiceDefinition {
  const definition: Record<string, MethodDefinition<unknown, unknown>> = {};
  for (const method of service.methods) definition[method.localName] = createMethodDefinition(method, options);
  return definition;
}
