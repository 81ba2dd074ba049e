import { create, createFileRegistry, type DescService } from "@bufbuild/protobuf";
import { FieldDescriptorProto_Label, FieldDescriptorProto_Type, FileDescriptorProtoSchema } from "@bufbuild/protobuf/wkt";

/** The two versions of gRPC server reflection; servers may offer either or both. */
export type ReflectionVersion = "v1" | "v1alpha";

const { STRING, BYTES, INT32, MESSAGE } = FieldDescriptorProto_Type;
const { OPTIONAL, REPEATED } = FieldDescriptorProto_Label;

/**
 * The `ServerReflection` service of `grpc.reflection.<version>` (grpc/grpc-proto
 * `grpc/reflection/v1/reflection.proto`; v1alpha differs only in its package name), as a protobuf-es
 * descriptor built here rather than generated: @polyrpc/client's reflection client and the interop suite's
 * request fuzzer are its users, and a hand-written FileDescriptorProto keeps a third-party proto out of the
 * project's own proto tree and stubs (@grpc/reflection ships the .proto but no protobuf-es code). Field
 * numbers and types are those of the upstream file. Every request kind is declared (the fuzzer builds random
 * valid requests of each); of the responses, the kinds a reflection client reads, the others left out, which
 * the wire format allows (a decoder skips unknown fields).
 */
export function reflectionService(version: ReflectionVersion): DescService {
  const pkg = `grpc.reflection.${version}`;
  const field = (
    name: string,
    number: number,
    type: FieldDescriptorProto_Type,
    more: { oneofIndex?: number; typeName?: string; label?: FieldDescriptorProto_Label } = {},
  ) => ({
    name,
    number,
    type,
    label: OPTIONAL,
    jsonName: name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()),
    ...more,
  });
  const ref = (message: string) => ({ typeName: `.${pkg}.${message}` });
  const file = create(FileDescriptorProtoSchema, {
    name: `grpc/reflection/${version}/reflection.proto`,
    package: pkg,
    syntax: "proto3",
    messageType: [
      {
        name: "ServerReflectionRequest",
        field: [
          field("host", 1, STRING),
          field("file_by_filename", 3, STRING, { oneofIndex: 0 }),
          field("file_containing_symbol", 4, STRING, { oneofIndex: 0 }),
          field("file_containing_extension", 5, MESSAGE, { oneofIndex: 0, ...ref("ExtensionRequest") }),
          field("all_extension_numbers_of_type", 6, STRING, { oneofIndex: 0 }),
          field("list_services", 7, STRING, { oneofIndex: 0 }),
        ],
        oneofDecl: [{ name: "message_request" }],
      },
      { name: "ExtensionRequest", field: [field("containing_type", 1, STRING), field("extension_number", 2, INT32)] },
      {
        name: "ServerReflectionResponse",
        field: [
          field("valid_host", 1, STRING),
          field("file_descriptor_response", 4, MESSAGE, { oneofIndex: 0, ...ref("FileDescriptorResponse") }),
          field("list_services_response", 6, MESSAGE, { oneofIndex: 0, ...ref("ListServiceResponse") }),
          field("error_response", 7, MESSAGE, { oneofIndex: 0, ...ref("ErrorResponse") }),
        ],
        oneofDecl: [{ name: "message_response" }],
      },
      { name: "FileDescriptorResponse", field: [field("file_descriptor_proto", 1, BYTES, { label: REPEATED })] },
      { name: "ListServiceResponse", field: [field("service", 1, MESSAGE, { label: REPEATED, ...ref("ServiceResponse") })] },
      { name: "ServiceResponse", field: [field("name", 1, STRING)] },
      { name: "ErrorResponse", field: [field("error_code", 1, INT32), field("error_message", 2, STRING)] },
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
  return createFileRegistry(file, () => undefined).getService(`${pkg}.ServerReflection`)!;
}
