import { fromBinary, toJson, type Registry } from "@bufbuild/protobuf";
import { AnySchema } from "@bufbuild/protobuf/wkt";
import { statusDetailsKey, StatusSchema, type Metadata } from "@polyrpc/grpc";
import { withErrorTypes } from "../schema/with-error-types.js";

/**
 * The details of a failed call's `grpc-status-details-bin` trailer (a binary `google.rpc.Status`), one
 * line each: the detail as proto3 JSON with its `@type` when `registry` (the call's schema) or the
 * well-known types know it, else its type URL and its bytes in base64. Empty without the trailer, or
 * when it has no details; a trailer that is not a Status is one line that says so, with its bytes.
 */
export function statusDetailLines(trailers: Metadata, registry: Registry): string[] {
  const value = trailers.get(statusDetailsKey)[0];
  if (value === undefined) return [];
  const bytes = typeof value === "string" ? Buffer.from(value, "base64") : value;
  let details;
  try {
    details = fromBinary(StatusSchema, bytes).details;
  } catch (e) {
    return [`grpc-status-details-bin is not a google.rpc.Status (${(e as Error).message}): ${bytes.toString("base64")}`];
  }
  const known = withErrorTypes(registry);
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
