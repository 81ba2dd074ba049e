import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { toBinary, type DescFile, type DescService } from "@bufbuild/protobuf";
import { FileDescriptorProtoSchema } from "@bufbuild/protobuf/wkt";
import { loadSync, type PackageDefinition } from "@grpc/proto-loader";
import { ReflectionService } from "@grpc/reflection";
import type { Server } from "@grpc/grpc-js";
import { protoPath as healthProtoPath } from "grpc-health-check";

/** The service names reflection lists for the reflection service itself, as grpc-go and grpcio do. */
const reflectionServiceNames = ["grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection"];
const healthServiceName = "grpc.health.v1.Health";

/**
 * Registers gRPC server reflection (v1 and v1alpha) for `services`, from their protobuf-es descriptors, and
 * for the server's own infrastructure: the reflection service always, and `grpc.health.v1.Health` when
 * `health` is true, so that `grpcurl list` and `grpcurl … grpc.health.v1.Health/Check` work as against a
 * grpc-go or grpcio server.
 *
 * @grpc/reflection expects a @grpc/proto-loader package definition, but reads nothing from it except
 * each entry's `fileDescriptorProtos` (serialized FileDescriptorProtos); protobuf-es keeps every file's
 * FileDescriptorProto, so one entry holding the services' files and their imports is all it needs. The
 * health and reflection protos are the ones their own packages serve with, loaded by proto-loader.
 */
export function addReflection(server: Server, services: readonly DescService[], options: { health: boolean }): void {
  const files = new Map<string, DescFile>();
  const visit = (file: DescFile) => {
    if (files.has(file.name)) return;
    files.set(file.name, file);
    file.dependencies.forEach(visit);
  };
  services.forEach((s) => visit(s.file));
  const fileDescriptorProtos = [...files.values()].map((f) => Buffer.from(toBinary(FileDescriptorProtoSchema, f.proto)));
  const definition = {
    ...(options.health ? loadSync(healthProtoPath) : {}),
    ...loadReflectionProtos(),
    polyrpc: { format: "Protocol Buffer 3 FileDescriptorProto", fileDescriptorProtos },
  };
  const names = [...services.map((s) => s.typeName), ...reflectionServiceNames, ...(options.health ? [healthServiceName] : [])];
  const reflection = new ReflectionService(definition as unknown as ConstructorParameters<typeof ReflectionService>[0], {
    // @grpc/reflection names services of package-less files with a leading dot (".Greeter").
    services: names.flatMap((name) => (name.includes(".") ? [name] : [name, `.${name}`])),
  });
  rekeyPackagelessSymbols(reflection);
  reflection.addToServer(server);
}

/**
 * The reflection protos (v1 and v1alpha) that @grpc/reflection serves with. It loads them from its own
 * `build/proto` folder and does not export their path, so the path is derived from its entry point;
 * create-server.test.ts describes the reflection service through reflection, so a version that moves
 * them fails a test instead of dropping the service from reflection quietly.
 */
function loadReflectionProtos(): PackageDefinition {
  const protoDir = join(dirname(createRequire(import.meta.url).resolve("@grpc/reflection")), "..", "proto");
  return loadSync(["grpc/reflection/v1/reflection.proto", "grpc/reflection/v1alpha/reflection.proto"], { includeDirs: [protoDir] });
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
 * constructor) gives the names the wire uses. The tables are internal; create-server.test.ts pins the result,
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
