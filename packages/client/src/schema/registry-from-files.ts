import { clone, create, createFileRegistry, isFieldSet, type DescFile, type FileRegistry } from "@bufbuild/protobuf";
import * as wkt from "@bufbuild/protobuf/wkt";
import {
  FieldDescriptorProtoSchema,
  FileDescriptorProtoSchema,
  FileDescriptorSetSchema,
  type DescriptorProto,
  type FileDescriptorProto,
} from "@bufbuild/protobuf/wkt";
import { UserError } from "../user-error.js";

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
  for (const file of files) if (!byName.has(file.name)) byName.set(file.name, withJsonNames(file));
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

/**
 * `file` with every field's json_name set. protoc fills it in, but descriptors a server serializes from
 * its runtime pool often leave it out (Python's grpcio-reflection does), and protobuf-es would then give
 * the field an empty JSON name. The rule is protoc's: drop each underscore and upper-case the letter after it.
 */
function withJsonNames(file: FileDescriptorProto): FileDescriptorProto {
  const copy = clone(FileDescriptorProtoSchema, file);
  const visit = (message: DescriptorProto) => {
    for (const field of [...message.field, ...message.extension]) {
      if (!isFieldSet(field, FieldDescriptorProtoSchema.field.jsonName)) field.jsonName = jsonName(field.name);
    }
    message.nestedType.forEach(visit);
  };
  copy.messageType.forEach(visit);
  for (const field of copy.extension) if (!isFieldSet(field, FieldDescriptorProtoSchema.field.jsonName)) field.jsonName = jsonName(field.name);
  return copy;
}

function jsonName(protoName: string): string {
  return protoName.replace(/_+(.?)/g, (_, c: string) => c.toUpperCase());
}
