import { ScalarType, type DescEnum, type DescField, type DescMessage, type DescMethod, type DescOneof, type DescService } from "@bufbuild/protobuf";

/**
 * A descriptor as .proto source, the way grpcurl's describe prints it: types fully qualified with a
 * leading dot, `stream` on streaming sides, map, optional and oneof written as in the file. Nested
 * messages and enums are printed inside their parent; map entry messages are not (the map field says it).
 */
export function describeSymbol(desc: DescService | DescMethod | DescMessage | DescEnum): string {
  switch (desc.kind) {
    case "service":
      return `${desc.typeName} is a service:\nservice ${desc.name} {\n${desc.methods.map((m) => `  ${rpcLine(m)}\n`).join("")}}\n`;
    case "rpc":
      return `${desc.parent.typeName}.${desc.name} is a method:\n${rpcLine(desc)}\n`;
    case "message":
      return `${desc.typeName} is a message:\n${messageText(desc, "")}`;
    case "enum":
      return `${desc.typeName} is an enum:\n${enumText(desc, "")}`;
  }
}

function rpcLine(m: DescMethod): string {
  const clientStream = m.methodKind === "client_streaming" || m.methodKind === "bidi_streaming" ? "stream " : "";
  const serverStream = m.methodKind === "server_streaming" || m.methodKind === "bidi_streaming" ? "stream " : "";
  return `rpc ${m.name} ( ${clientStream}.${m.input.typeName} ) returns ( ${serverStream}.${m.output.typeName} );`;
}

function messageText(message: DescMessage, indent: string): string {
  let text = `${indent}message ${message.name} {\n`;
  for (const member of message.members) {
    text += member.kind === "oneof" ? oneofText(member, `${indent}  `) : `${indent}  ${fieldLine(member)}\n`;
  }
  for (const nested of message.nestedMessages) if (nested.proto.options?.mapEntry !== true) text += messageText(nested, `${indent}  `);
  for (const nested of message.nestedEnums) text += enumText(nested, `${indent}  `);
  return `${text}${indent}}\n`;
}

function oneofText(oneof: DescOneof, indent: string): string {
  return `${indent}oneof ${oneof.name} {\n${oneof.fields.map((f) => `${indent}  ${fieldLine(f)}\n`).join("")}${indent}}\n`;
}

function enumText(e: DescEnum, indent: string): string {
  return `${indent}enum ${e.name} {\n${e.values.map((v) => `${indent}  ${v.name} = ${v.number};\n`).join("")}${indent}}\n`;
}

function fieldLine(field: DescField): string {
  const optional = field.proto.proto3Optional ? "optional " : "";
  return `${optional}${fieldType(field)} ${field.name} = ${field.number};`;
}

function fieldType(field: DescField): string {
  switch (field.fieldKind) {
    case "scalar":
      return scalarName(field.scalar);
    case "enum":
      return `.${field.enum.typeName}`;
    case "message":
      return `.${field.message.typeName}`;
    case "list":
      return `repeated ${field.listKind === "scalar" ? scalarName(field.scalar) : `.${(field.listKind === "enum" ? field.enum : field.message).typeName}`}`;
    case "map":
      return `map<${scalarName(field.mapKey)}, ${field.mapKind === "scalar" ? scalarName(field.scalar) : `.${(field.mapKind === "enum" ? field.enum : field.message).typeName}`}>`;
  }
}

function scalarName(scalar: ScalarType): string {
  return ScalarType[scalar].toLowerCase();
}
