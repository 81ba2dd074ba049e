import { create, createFileRegistry, createRegistry, fromBinary, toJson, type DescMessage, type Registry } from "@bufbuild/protobuf";
import {
  FieldDescriptorProto_Label,
  FieldDescriptorProto_Type,
  AnySchema,
  FileDescriptorProtoSchema,
  file_google_protobuf_any,
  file_google_protobuf_duration,
  file_google_protobuf_empty,
  file_google_protobuf_field_mask,
  file_google_protobuf_struct,
  file_google_protobuf_timestamp,
  file_google_protobuf_wrappers,
  type Any,
} from "@bufbuild/protobuf/wkt";
import type { Metadata } from "@polyrpc/grpc";

// google/rpc/status.proto has one message of three fields. npm has no maintained protobuf-es build of
// googleapis' google.rpc protos (buf's generated SDKs come from buf.build's own registry), so the
// descriptor is written out here rather than pulling in a package for it.
const statusFile = createFileRegistry(
  create(FileDescriptorProtoSchema, {
    name: "google/rpc/status.proto",
    package: "google.rpc",
    dependency: ["google/protobuf/any.proto"],
    syntax: "proto3",
    messageType: [
      {
        name: "Status",
        field: [
          { name: "code", number: 1, type: FieldDescriptorProto_Type.INT32, label: FieldDescriptorProto_Label.OPTIONAL, jsonName: "code" },
          { name: "message", number: 2, type: FieldDescriptorProto_Type.STRING, label: FieldDescriptorProto_Label.OPTIONAL, jsonName: "message" },
          {
            name: "details",
            number: 3,
            type: FieldDescriptorProto_Type.MESSAGE,
            typeName: ".google.protobuf.Any",
            label: FieldDescriptorProto_Label.REPEATED,
            jsonName: "details",
          },
        ],
      },
    ],
  }),
  (name) => (name === "google/protobuf/any.proto" ? file_google_protobuf_any : undefined),
);

/** The schema of `google.rpc.Status`, the rich error model's message in `grpc-status-details-bin`. */
export const StatusSchema: DescMessage = statusFile.getMessage("google.rpc.Status")!;

/**
 * The details of a failed call's `grpc-status-details-bin` trailer (a binary `google.rpc.Status`), one
 * line each: the detail as proto3 JSON with its `@type` when `registry` (the call's schema) or the
 * well-known types know it, else its type URL and its bytes in base64. Empty without the trailer, or
 * when it has no details; a trailer that is not a Status is one line that says so, with its bytes.
 */
export function statusDetailLines(trailers: Metadata, registry: Registry): string[] {
  const value = trailers.get("grpc-status-details-bin")[0];
  if (value === undefined) return [];
  const bytes = typeof value === "string" ? Buffer.from(value, "base64") : value;
  let details: Any[];
  try {
    details = (fromBinary(StatusSchema, bytes) as unknown as { details: Any[] }).details;
  } catch (e) {
    return [`grpc-status-details-bin is not a google.rpc.Status (${(e as Error).message}): ${bytes.toString("base64")}`];
  }
  const known = createRegistry(
    registry,
    statusFile,
    file_google_protobuf_duration,
    file_google_protobuf_empty,
    file_google_protobuf_field_mask,
    file_google_protobuf_struct,
    file_google_protobuf_timestamp,
    file_google_protobuf_wrappers,
  );
  return details.map((detail) => {
    try {
      // @type first, as grpcurl prints it: the type is what a reader looks for.
      const { "@type": type, ...fields } = toJson(AnySchema, detail, { registry: known }) as Record<string, unknown>;
      return JSON.stringify({ "@type": type, ...fields });
    } catch {
      // toJson needs the detail's schema; without it, the bytes are all there is to show.
      return `${detail.typeUrl} (not in the schema): ${Buffer.from(detail.value).toString("base64")}`;
    }
  });
}
