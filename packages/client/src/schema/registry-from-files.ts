import { clone, create, createFileRegistry, isFieldSet, type DescFile, type FileRegistry } from "@bufbuild/protobuf";
import * as wkt from "@bufbuild/protobuf/wkt";
import {
  FieldDescriptorProto_Type,
  FieldDescriptorProtoSchema,
  FileDescriptorProtoSchema,
  FileDescriptorSetSchema,
  type DescriptorProto,
  type FileDescriptorProto,
} from "@bufbuild/protobuf/wkt";
import { UserError } from "@polyrpc/cli-kit";

/** protobuf-es's own copies of the well-known types (google/protobuf/*.proto), by file name. */
const wellKnownFiles: ReadonlyMap<string, DescFile> = new Map(
  Object.values(wkt)
    .filter((value): value is DescFile => typeof value === "object" && value !== null && (value as { kind?: unknown }).kind === "file")
    .map((file) => [`${file.name}.proto`, file]),
);

/**
 * Builds a registry (messages, enums, services, extensions) from file descriptors as a server's
 * reflection, protoc or a protoset gives them, in any order. An import that is missing from `files` is
 * taken from protobuf-es's well-known types when it is one (`google/protobuf/timestamp.proto`), so
 * servers and protosets that leave those out still work; any other missing import is a user error naming
 * the file and its importer. `source` says where the files came from, for that message.
 */
export function registryFromFiles(files: Iterable<FileDescriptorProto>, source: string): FileRegistry {
  const byName = new Map<string, FileDescriptorProto>();
  const list = [...files];
  const kinds = definedTypes(list);
  for (const file of list) if (!byName.has(file.name)) byName.set(file.name, normalized(file, kinds));
  // createFileRegistry(FileDescriptorSet) wants every file after its imports.
  const ordered: FileDescriptorProto[] = [];
  const done = new Set<string>();
  const visit = (name: string, importer: string | undefined) => {
    if (done.has(name)) return;
    done.add(name);
    const file = byName.get(name) ?? wellKnownFiles.get(name)?.proto;
    if (file === undefined) throw new UserError(`${source} has no file ${name}, which ${importer ?? "the schema"} imports`);
    for (const dependency of file.dependency) visit(dependency, name);
    ordered.push(file);
  };
  for (const name of byName.keys()) visit(name, undefined);
  try {
    return createFileRegistry(create(FileDescriptorSetSchema, { file: ordered }));
  } catch (e) {
    throw new UserError(`${source}: the file descriptors do not form a valid schema: ${(e as Error).message}`);
  }
}

/** Every message and enum the files define, by fully qualified name (no leading dot). */
function definedTypes(files: readonly FileDescriptorProto[]): Map<string, "message" | "enum"> {
  const kinds = new Map<string, "message" | "enum">();
  const visit = (message: DescriptorProto, scope: string) => {
    const name = scope === "" ? message.name : `${scope}.${message.name}`;
    kinds.set(name, "message");
    message.nestedType.forEach((nested) => visit(nested, name));
    for (const e of message.enumType) kinds.set(`${name}.${e.name}`, "enum");
  };
  for (const file of files) {
    file.messageType.forEach((m) => visit(m, file.package));
    for (const e of file.enumType) kinds.set(file.package === "" ? e.name : `${file.package}.${e.name}`, "enum");
  }
  for (const [name, kind] of wellKnownTypes) if (!kinds.has(name)) kinds.set(name, kind);
  return kinds;
}

/** The messages and enums of protobuf-es's well-known types, which {@link registryFromFiles} may add. */
const wellKnownTypes: ReadonlyMap<string, "message" | "enum"> = new Map(
  [...wellKnownFiles.values()].flatMap((file) => [
    ...file.messages.map((m) => [m.typeName, "message"] as const),
    ...file.enums.map((e) => [e.typeName, "enum"] as const),
  ]),
);

/**
 * `file` as protoc would have written it, for descriptors that a server builds at run time rather than
 * taking from protoc:
 * - every field gets its json_name: descriptors serialized from a runtime pool often leave it out (Python's
 *   grpcio-reflection does), and protobuf-es would then give the field an empty JSON name. The rule is
 *   protoc's: drop each underscore and upper-case the letter after it;
 * - type names are fully qualified (`.grpc.health.v1.HealthCheckResponse`), and fields that name a type
 *   have the type message or enum: descriptors made by protobuf.js (@grpc/proto-loader, @grpc/reflection,
 *   which serve grpc-js's health and reflection services) keep names as written in the .proto
 *   (`HealthCheckResponse`). They are resolved with protobuf's scoping rule: from the innermost scope out.
 */
function normalized(file: FileDescriptorProto, kinds: ReadonlyMap<string, "message" | "enum">): FileDescriptorProto {
  const copy = clone(FileDescriptorProtoSchema, file);
  const resolve = (name: string, scope: string): string => {
    if (name === "" || name.startsWith(".")) return name;
    for (let s = scope; ; s = s.includes(".") ? s.slice(0, s.lastIndexOf(".")) : "") {
      const candidate = s === "" ? name : `${s}.${name}`;
      if (kinds.has(candidate)) return `.${candidate}`;
      if (s === "") return name;
    }
  };
  const fixField = (field: DescriptorProto["field"][number], scope: string) => {
    if (!isFieldSet(field, FieldDescriptorProtoSchema.field.jsonName)) field.jsonName = jsonName(field.name);
    if (field.typeName === "") return;
    field.typeName = resolve(field.typeName, scope);
    const kind = kinds.get(field.typeName.slice(1));
    if (!isFieldSet(field, FieldDescriptorProtoSchema.field.type) && kind !== undefined) {
      field.type = kind === "message" ? FieldDescriptorProto_Type.MESSAGE : FieldDescriptorProto_Type.ENUM;
    }
  };
  const visit = (message: DescriptorProto, scope: string) => {
    const name = scope === "" ? message.name : `${scope}.${message.name}`;
    for (const field of [...message.field, ...message.extension]) fixField(field, name);
    message.nestedType.forEach((nested) => visit(nested, name));
  };
  copy.messageType.forEach((m) => visit(m, copy.package));
  for (const field of copy.extension) fixField(field, copy.package);
  for (const service of copy.service) {
    for (const method of service.method) {
      method.inputType = resolve(method.inputType, copy.package);
      method.outputType = resolve(method.outputType, copy.package);
    }
  }
  return copy;
}

function jsonName(protoName: string): string {
  return protoName.replace(/_+(.?)/g, (_, c: string) => c.toUpperCase());
}
