import { toBinary, type DescFile, type DescService } from "@bufbuild/protobuf";
import { FileDescriptorProtoSchema } from "@bufbuild/protobuf/wkt";
import { ReflectionService } from "@grpc/reflection";
import type { Server } from "@grpc/grpc-js";

/**
 * Registers gRPC server reflection (v1 and v1alpha) for `services`, from their protobuf-es descriptors.
 *
 * @grpc/reflection expects a @grpc/proto-loader package definition, but reads nothing from it except
 * each entry's `fileDescriptorProtos` (serialized FileDescriptorProtos); protobuf-es keeps every file's
 * FileDescriptorProto, so one entry holding the services' files and their imports is all it needs.
 */
export function addReflection(server: Server, services: readonly DescService[]): void {
  const files = new Map<string, DescFile>();
  const visit = (file: DescFile) => {
    if (files.has(file.name)) return;
    files.set(file.name, file);
    file.dependencies.forEach(visit);
  };
  services.forEach((s) => visit(s.file));
  const fileDescriptorProtos = [...files.values()].map((f) => Buffer.from(toBinary(FileDescriptorProtoSchema, f.proto)));
  const definition = { polyrpc: { format: "Protocol Buffer 3 FileDescriptorProto", fileDescriptorProtos } };
  const reflection = new ReflectionService(definition as unknown as ConstructorParameters<typeof ReflectionService>[0], {
    // @grpc/reflection names services of package-less files with a leading dot (".Greeter").
    services: services.flatMap((s) => (s.typeName.includes(".") ? [s.typeName] : [s.typeName, `.${s.typeName}`])),
  });
  reflection.addToServer(server);
}
