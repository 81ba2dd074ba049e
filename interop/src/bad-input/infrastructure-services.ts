import { create, createFileRegistry, type DescService } from "@bufbuild/protobuf";
import { FieldDescriptorProto_Label as Label, FieldDescriptorProto_Type as Type, FileDescriptorProtoSchema } from "@bufbuild/protobuf/wkt";
import { reflectionService } from "@polyrpc/grpc";

// protobuf-es descriptors of the services every polyrpc server registers besides its own: health
// checking and reflection. Their .proto files ship with grpc-health-check and @grpc/reflection, which
// have no protobuf-es code. Reflection's descriptor is @polyrpc/grpc's (the one the reflection client uses);
// health's is written out here, its request shape only, enough to build random valid requests (responses
// are not decoded, so it is declared as an empty message).

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

const healthService = createFileRegistry(health, () => undefined).getService("grpc.health.v1.Health");
if (healthService === undefined) throw new Error("no descriptor for grpc.health.v1.Health");

/** grpc.health.v1.Health, grpc.reflection.v1.ServerReflection and its v1alpha twin. */
export const infrastructureServices: DescService[] = [healthService, reflectionService("v1"), reflectionService("v1alpha")];
