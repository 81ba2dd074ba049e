// Errors as a user wants them: the gRPC code name, the server's message, and rich details if any.
import { createRegistry, fromBinary, toJsonString } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { file_google_rpc_error_details } from "@polyrpc/grpc/error-details";

// google.rpc's common details (BadRequest, ErrorInfo, ...), the ones the polyrpc servers send.
const knownDetails = createRegistry(file_google_rpc_error_details);

const GRPC_NAMES = [
  "OK",
  "CANCELLED",
  "UNKNOWN",
  "INVALID_ARGUMENT",
  "DEADLINE_EXCEEDED",
  "NOT_FOUND",
  "ALREADY_EXISTS",
  "PERMISSION_DENIED",
  "RESOURCE_EXHAUSTED",
  "FAILED_PRECONDITION",
  "ABORTED",
  "OUT_OF_RANGE",
  "UNIMPLEMENTED",
  "INTERNAL",
  "UNAVAILABLE",
  "DATA_LOSS",
  "UNAUTHENTICATED",
];

/**
 * `CODE: message`, then one line per rich error detail: its type and its fields as JSON when it is one of
 * google.rpc's details, else its type and size.
 */
export function describeError(error: unknown): string {
  const e = ConnectError.from(error);
  const lines = [`${GRPC_NAMES[e.code] ?? Code[e.code]}: ${e.rawMessage}`];
  for (const detail of e.details) {
    lines.push("type" in detail ? describeDetail(detail.type, detail.value) : `detail ${detail.desc.typeName}`);
  }
  return lines.join("\n");
}

function describeDetail(type: string, value: Uint8Array): string {
  const schema = knownDetails.getMessage(type);
  if (schema !== undefined) {
    try {
      return `detail ${type} ${toJsonString(schema, fromBinary(schema, value))}`;
    } catch {
      // Bytes that are not the type they claim: the size is all there is to show.
    }
  }
  return `detail ${type} (${value.length} bytes)`;
}

/** Shows `error` in `box` (a `.error` element), or clears it when `error` is undefined. */
export function showError(box: HTMLElement, error: unknown): void {
  box.textContent = error === undefined ? "" : describeError(error);
}
