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
  rekeyPackagelessSymbols(reflection);
  reflection.addToServer(server);
}

/** The lookup tables of one @grpc/reflection implementation (v1 or v1alpha), as far as they are used here. */
interface ReflectionTables {
  services: Record<string, unknown>;
  symbols: Record<string, unknown>;
}

/**
 * @grpc/reflection 1.0.x keys the symbols of files without a package with a leading dot, so list_services
 * reports ".Greeter" and file_containing_symbol("Greeter") answers NOT_FOUND, while grpcurl and the Python
 * server use "Greeter". Re-keying its tables (after it linked references, which it does in its
 * constructor) gives the names the wire uses. The tables are internal; reflection.test.ts pins the result,
 * so a version that changes them fails a test instead of misbehaving quietly.
 */
function rekeyPackagelessSymbols(reflection: ReflectionService): void {
  const internals = reflection as unknown as { v1?: ReflectionTables; v1Alpha?: ReflectionTables };
  for (const impl of [internals.v1, internals.v1Alpha]) {
    if (impl === undefined) continue;
    for (const table of [impl.services, impl.symbols]) {
      for (const key of Object.keys(table)) {
        if (!key.startsWith(".")) continue;
        table[key.slice(1)] ??= table[key];
        delete table[key];
      }
    }
  }
}
