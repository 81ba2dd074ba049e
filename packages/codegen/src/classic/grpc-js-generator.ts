import type { DescriptorProto, FileDescriptorProto, SourceCodeInfo_Location } from "@bufbuild/protobuf/wkt";
import { Printer } from "./printer.js";

/** The options of grpc_node_plugin (`--grpc_out=<options>:<dir>`), which this generator reproduces. */
export interface GrpcJsOptions {
  /** `grpc_js`: require `@grpc/grpc-js` (true) or the retired `grpc` package (false). */
  grpcJs: boolean;
  /** `omit_serialize_instanceof`: serializers skip the `instanceof` check (for messages from another copy of the `_pb.js`). */
  omitSerializeInstanceof: boolean;
  /** `generate_package_definition`: export a package definition keyed by full service name, with no client constructors and no require of grpc. */
  generatePackageDefinition: boolean;
}

/** grpc_node_plugin's defaults; grpc-tools users pass `grpc_js` explicitly, polyrpc always does. */
export const defaultGrpcJsOptions: GrpcJsOptions = { grpcJs: true, omitSerializeInstanceof: false, generatePackageDefinition: false };

/**
 * Parses a protoc plugin parameter (`grpc_js,omit_serialize_instanceof`) into options. Throws an Error
 * naming an unknown option, as grpc_node_plugin does.
 */
export function parseGrpcJsParameter(parameter: string): GrpcJsOptions {
  const options: GrpcJsOptions = { grpcJs: false, omitSerializeInstanceof: false, generatePackageDefinition: false };
  for (const option of parameter
    .split(",")
    .map((o) => o.trim())
    .filter((o) => o !== "")) {
    if (option === "grpc_js") options.grpcJs = true;
    else if (option === "omit_serialize_instanceof") options.omitSerializeInstanceof = true;
    else if (option === "generate_package_definition") options.generatePackageDefinition = true;
    else throw new Error(`unknown option ${JSON.stringify(option)}; options are grpc_js, omit_serialize_instanceof, generate_package_definition`);
  }
  return options;
}

/** The `_grpc_pb.js` file name of a proto file, as grpc_node_plugin names it (`a/b.proto` → `a/b_grpc_pb.js`). */
export function grpcJsFileName(protoFile: string): string {
  return `${stripProto(protoFile)}_grpc_pb.js`;
}

/** A message type, found by its full name, with the file that declares it. */
interface MessageRef {
  fullName: string;
  file: FileDescriptorProto;
}

/**
 * Writes the `_grpc_pb.js` that grpc_node_plugin (grpc-tools) writes for `file`: CommonJS requires of
 * grpc and of the `_pb.js` of the file and each of its imports, a serializer and deserializer per message
 * type the services use (sorted by full name, the serializer checking `instanceof`), then per service
 * `exports.<Name>Service` with each method's path, stream flags, types and (de)serializers, and
 * `exports.<Name>Client = grpc.makeGenericClientConstructor(...)`. Comments of the proto file, services
 * and methods are copied as grpc-tools copies them. `files` must hold every file `file` imports, so that
 * message types resolve to the module that declares them.
 */
export function generateGrpcJs(file: FileDescriptorProto, files: readonly FileDescriptorProto[], options: GrpcJsOptions = defaultGrpcJsOptions): string {
  if (file.service.length === 0) return "// GENERATED CODE -- NO SERVICES IN PROTO";
  const messages = indexMessages(files);
  const resolve = (typeName: string): MessageRef => {
    const ref = messages.get(typeName.replace(/^\./, ""));
    if (ref === undefined) throw new Error(`${file.name}: message type ${typeName} is not declared in ${file.name} or its imports`);
    return ref;
  };
  const comments = createComments(file);
  const out = new Printer();
  out.print("// GENERATED CODE -- DO NOT EDIT!\n\n");
  const fileComments = comments.leading([12]);
  if (fileComments !== "") {
    out.print("// Original file comments:\n");
    out.printRaw(fileComments);
  }
  out.print("'use strict';\n");

  // Imports.
  if (!options.generatePackageDefinition) out.print(`var grpc = require('${options.grpcJs ? "@grpc/grpc-js" : "grpc"}');\n`);
  if (file.messageType.length > 0) {
    out.print(`var ${moduleAlias(file.name)} = require('${relativePath(file.name, jsMessageFileName(file.name))}');\n`);
  }
  for (const dependency of file.dependency) {
    out.print(`var ${moduleAlias(dependency)} = require('${relativePath(file.name, jsMessageFileName(dependency))}');\n`);
  }
  out.print("\n");

  // One serializer and deserializer per message type the services use, sorted by full name.
  const used = new Map<string, MessageRef>();
  for (const service of file.service) {
    for (const method of service.method) {
      for (const typeName of [method.inputType, method.outputType]) {
        const ref = resolve(typeName);
        used.set(ref.fullName, ref);
      }
    }
  }
  for (const fullName of [...used.keys()].sort(compareBytes)) {
    const ref = used.get(fullName)!;
    const id = identifierName(fullName);
    const nodeName = nodeObjectPath(ref);
    out.print(`function serialize_${id}(arg) {\n`);
    out.indent();
    if (!options.omitSerializeInstanceof) {
      out.print(`if (!(arg instanceof ${nodeName})) {\n`);
      out.indent();
      out.print(`throw new Error('Expected argument of type ${fullName}');\n`);
      out.outdent();
      out.print("}\n");
    }
    out.print("return Buffer.from(arg.serializeBinary());\n");
    out.outdent();
    out.print("}\n\n");
    out.print(`function deserialize_${id}(buffer_arg) {\n`);
    out.indent();
    out.print(`return ${nodeName}.deserializeBinary(new Uint8Array(buffer_arg));\n`);
    out.outdent();
    out.print("}\n\n");
  }
  out.print("\n");

  // The services.
  const packagePrefix = file.package === "" ? "" : `${file.package}.`;
  file.service.forEach((service, s) => {
    const fullName = `${packagePrefix}${service.name}`;
    out.printRaw(comments.leading([6, s]));
    if (options.generatePackageDefinition) out.print(`var ${service.name}Service = exports['${fullName}'] = {\n`);
    else out.print(`var ${service.name}Service = exports.${service.name}Service = {\n`);
    out.indent();
    service.method.forEach((method, m) => {
      const input = resolve(method.inputType);
      const output = resolve(method.outputType);
      out.printRaw(comments.leading([6, s, 2, m]));
      out.print(`${lowercaseFirstLetter(method.name)}: `);
      out.print("{\n");
      out.indent();
      out.print(`path: '/${fullName}/${method.name}',\n`);
      out.print(`requestStream: ${method.clientStreaming === true},\n`);
      out.print(`responseStream: ${method.serverStreaming === true},\n`);
      out.print(`requestType: ${nodeObjectPath(input)},\n`);
      out.print(`responseType: ${nodeObjectPath(output)},\n`);
      out.print(`requestSerialize: serialize_${identifierName(input.fullName)},\n`);
      out.print(`requestDeserialize: deserialize_${identifierName(input.fullName)},\n`);
      out.print(`responseSerialize: serialize_${identifierName(output.fullName)},\n`);
      out.print(`responseDeserialize: deserialize_${identifierName(output.fullName)},\n`);
      out.outdent();
      out.print("}");
      out.print(",\n");
      out.printRaw(comments.trailing([6, s, 2, m]));
    });
    out.outdent();
    out.print("};\n\n");
    if (!options.generatePackageDefinition) {
      out.print(`exports.${service.name}Client = grpc.makeGenericClientConstructor(${service.name}Service, '${service.name}');\n`);
    }
    out.printRaw(comments.trailing([6, s]));
  });
  return out.toString();
}

/** `a/b.proto` → `a/b` (protoc's StripProto also strips the old `.protodevel`). */
function stripProto(name: string): string {
  for (const suffix of [".protodevel", ".proto"]) if (name.endsWith(suffix)) return name.slice(0, -suffix.length);
  return name;
}

/** The variable a `_pb.js` module is required as: `routeguide/route_guide.proto` → `routeguide_route_guide_pb` (protoc's JS generator names it the same). */
function moduleAlias(protoFile: string): string {
  return `${stripProto(protoFile)
    .replaceAll("-", () => "$")
    .replaceAll("/", "_")
    .replaceAll(".", "_")}_pb`;
}

function jsMessageFileName(protoFile: string): string {
  return `${stripProto(protoFile)}_pb.js`;
}

/**
 * The require path of `target` (a `_pb.js` path relative to the output root) from `fromProto`'s folder:
 * up to the root, then down (`../routeguide/route_guide_pb.js`, grpc-tools' form even within one folder),
 * and well-known types from the google-protobuf package.
 */
function relativePath(fromProto: string, target: string): string {
  if (target.startsWith("google/protobuf")) return `google-protobuf/${target}`;
  const slashes = fromProto.split("/").length - 1;
  return `${slashes === 0 ? "./" : "../".repeat(slashes)}${target}`;
}

function identifierName(fullName: string): string {
  return fullName.replaceAll(".", "_");
}

/** The expression a message class is reached by: the module alias, then its name within the package (`route_guide_pb.Outer.Inner`). */
function nodeObjectPath(ref: MessageRef): string {
  const prefix = `${ref.file.package}.`;
  const name = ref.fullName.startsWith(prefix) ? ref.fullName.slice(prefix.length) : ref.fullName;
  return `${moduleAlias(ref.file.name)}.${name}`;
}

function lowercaseFirstLetter(name: string): string {
  return name === "" ? name : name[0]!.toLowerCase() + name.slice(1);
}

/** std::map's order (byte-wise), which the C++ plugin sorts message types by. */
function compareBytes(a: string, b: string): number {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return Buffer.compare(x, y);
}

function indexMessages(files: readonly FileDescriptorProto[]): Map<string, MessageRef> {
  const index = new Map<string, MessageRef>();
  for (const file of files) {
    const visit = (message: DescriptorProto, scope: string) => {
      const fullName = scope === "" ? message.name : `${scope}.${message.name}`;
      index.set(fullName, { fullName, file });
      for (const nested of message.nestedType) visit(nested, fullName);
    };
    for (const message of file.messageType) visit(message, file.package);
  }
  return index;
}

/**
 * The comments of a file's elements, formatted as grpc's generator helpers do: leading comments are the
 * detached blocks (each followed by an empty `//` line) then the attached block; each line becomes `//`
 * plus the line (a space is added unless the line starts with one); `$` is doubled, as grpc escapes it for
 * a Printer variable but prints the block raw. A file's comments are the leading ones of its `syntax`
 * statement; grpc's helpers give a file no trailing comments, so none are asked for.
 */
function createComments(file: FileDescriptorProto) {
  const locations = new Map<string, SourceCodeInfo_Location>();
  for (const location of file.sourceCodeInfo?.location ?? []) {
    const key = location.path.join(",");
    if (!locations.has(key)) locations.set(key, location);
  }
  const format = (lines: string[]) =>
    lines.map((line) => (line === "" ? "//\n" : `//${line.startsWith(" ") ? "" : " "}${line.replaceAll("$", () => "$$")}\n`)).join("");
  return {
    leading(path: number[]): string {
      const location = locations.get(path.join(","));
      if (location === undefined) return "";
      const lines: string[] = [];
      for (const detached of location.leadingDetachedComments) lines.push(...splitLines(detached), "");
      lines.push(...splitLines(location.leadingComments ?? ""));
      return format(lines);
    },
    trailing(path: number[]): string {
      const location = locations.get(path.join(","));
      return location === undefined ? "" : format(splitLines(location.trailingComments ?? ""));
    },
  };
}

/** std::getline over a string: split on newlines, with no empty piece after a final newline. */
function splitLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  return lines;
}
