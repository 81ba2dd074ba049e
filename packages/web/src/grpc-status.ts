// gRPC status codes and the mappings a proxy needs when the backend gives no grpc-status of its own.
import { constants } from "node:http2";

/** gRPC status codes (the numbers of the gRPC spec), so this package needs no gRPC library. */
export const Code = {
  OK: 0,
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  OUT_OF_RANGE: 11,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  DATA_LOSS: 15,
  UNAUTHENTICATED: 16,
} as const;

/** The status of a response that has no grpc-status, from its HTTP status (doc/http-grpc-status-mapping.md). */
export function codeFromHttpStatus(httpStatus: number): number {
  switch (httpStatus) {
    case 400:
      return Code.INTERNAL;
    case 401:
      return Code.UNAUTHENTICATED;
    case 403:
      return Code.PERMISSION_DENIED;
    case 404:
      return Code.UNIMPLEMENTED;
    case 429:
    case 502:
    case 503:
    case 504:
      return Code.UNAVAILABLE;
    default:
      return Code.UNKNOWN;
  }
}

/** The status of a stream the backend reset before its trailers (gRPC's PROTOCOL-HTTP2.md, "Errors"). */
export function codeFromRstCode(rstCode: number): number {
  switch (rstCode) {
    case constants.NGHTTP2_REFUSED_STREAM:
      return Code.UNAVAILABLE;
    case constants.NGHTTP2_CANCEL:
      return Code.CANCELLED;
    case constants.NGHTTP2_ENHANCE_YOUR_CALM:
      return Code.RESOURCE_EXHAUSTED;
    case constants.NGHTTP2_INADEQUATE_SECURITY:
      return Code.PERMISSION_DENIED;
    default:
      return Code.INTERNAL;
  }
}

/** Percent-encodes a grpc-message value: bytes outside printable ASCII, and "%" itself (PROTOCOL-HTTP2.md). */
export function encodeGrpcMessage(message: string): string {
  let out = "";
  for (const byte of Buffer.from(message, "utf8")) {
    out += byte >= 0x20 && byte <= 0x7e && byte !== 0x25 ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}
