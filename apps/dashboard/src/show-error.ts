// Errors as a user wants them: the gRPC code name, the server's message, and rich details if any.
import { Code, ConnectError } from "@connectrpc/connect";

const GRPC_NAMES = ["OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED"];

/** `CODE: message`, then one line per rich error detail (its type and size). */
export function describeError(error: unknown): string {
  const e = ConnectError.from(error);
  const lines = [`${GRPC_NAMES[e.code] ?? Code[e.code]}: ${e.rawMessage}`];
  for (const detail of e.details) {
    lines.push("type" in detail ? `detail ${detail.type} (${detail.value.length} bytes)` : `detail ${detail.desc.typeName}`);
  }
  return lines.join("\n");
}

/** Shows `error` in `box` (a `.error` element), or clears it when `error` is undefined. */
export function showError(box: HTMLElement, error: unknown): void {
  box.textContent = error === undefined ? "" : describeError(error);
}
