import { create, createFileRegistry, type DescService } from "@bufbuild/protobuf";
import { FieldDescriptorProto_Label as Label, FieldDescriptorProto_Type as Type, FileDescriptorProtoSchema, FileDescriptorSetSchema } from "@bufbuild/protobuf/wkt";

// protobuf-es descriptors of the services every polyrpc server registers besides its own: health
// checking and reflection. Their .proto files ship with grpc-health-check and @grpc/reflection, which
// have no protobuf-es code; these are the request shapes of those files, written out, enough to build
// random valid requests. Responses are not decoded, so they are declared as empty messages.

const optional = Label.OPTIONAL;

const health = create(FileDescriptorProtoSchema, {
  name: "grpc/health/v1/health.proto",
  package: "grpc.health.v1",
  syntax: "proto3",
  messageType: [
    { name: "HealthCheckRequest", field: [{ name: "service", jsonName: "service", number: 1, type: Type.STRING, label: optional }] },
    { name: "HealthCheckResponse" },
  ],
  service: [
    {
      name: "Health",
      method: [
        { name: "Check", inputType: ".grpc.health.v1.HealthCheckRequest", outputType: ".grpc.health.v1.HealthCheckResponse" },
        { name: "Watch", inputType: ".grpc.health.v1.HealthCheckRequest", outputType: ".grpc.health.v1.HealthCheckResponse", serverStreaming: true },
      ],
    },
  ],
});

function reflectionFile(pkg: string) {
  const string = (name: string, number: number, oneof?: number) => ({ name, jsonName: name, number, type: Type.STRING, label: optional, oneofIndex: oneof });
  return create(FileDescriptorProtoSchema, {
    name: `grpc/reflection/${pkg.split(".").at(-1)}/reflection.proto`,
    package: pkg,
    syntax: "proto3",
    messageType: [
      {
        name: "ServerReflectionRequest",
        field: [
          string("host", 1),
          string("file_by_filename", 3, 0),
          string("file_containing_symbol", 4, 0),
          { name: "file_containing_extension", jsonName: "fileContainingExtension", number: 5, type: Type.MESSAGE, typeName: `.${pkg}.ExtensionRequest`, label: optional, oneofIndex: 0 },
          string("all_extension_numbers_of_type", 6, 0),
          string("list_services", 7, 0),
        ],
        oneofDecl: [{ name: "message_request" }],
      },
      {
        name: "ExtensionRequest",
        field: [string("containing_type", 1), { name: "extension_number", jsonName: "extensionNumber", number: 2, type: Type.INT32, label: optional }],
      },
      { name: "ServerReflectionResponse" },
    ],
    service: [
      {
        name: "ServerReflection",
        method: [
          {
            name: "ServerReflectionInfo",
            inputType: `.${pkg}.ServerReflectionRequest`,
            outputType: `.${pkg}.ServerReflectionResponse`,
            clientStreaming: true,
            serverStreaming: true,
          },
        ],
      },
    ],
  });
}

const registry = createFileRegistry(create(FileDescriptorSetSchema, { file: [health, reflectionFile("grpc.reflection.v1"), reflectionFile("grpc.reflection.v1alpha")] }));

/** grpc.health.v1.Health, grpc.reflection.v1.ServerReflection and its v1alpha twin. */
export const infrastructureServices: DescService[] = ["grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection"].map((name) => {
  const service = registry.getService(name);
  if (service === undefined) throw new Error(`no descriptor for ${name}`);
  return service;
});
