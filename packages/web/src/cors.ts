// CORS for the gateway: browsers on other origins may call it only from the origins it allows.
import type { IncomingHttpHeaders } from "node:http";
import { isForwardedRequestHeader, type HeaderRule } from "./forward-headers.js";

/** Request headers a gRPC-web client sends besides the forwarded ones. */
const GRPC_WEB_REQUEST_HEADERS = ["content-type", "x-grpc-web", "x-user-agent", "grpc-timeout", "grpc-encoding", "grpc-accept-encoding"];

/** Response headers a gRPC-web client must read (trailers-only responses carry the status in headers). */
export const EXPOSED_HEADERS = ["grpc-status", "grpc-message", "grpc-status-details-bin", "grpc-encoding"];

/** How long a browser may cache a preflight answer, in seconds. */
const PREFLIGHT_MAX_AGE = 600;

/** True if `origin` is allowed: listed exactly, or `*` is listed. */
export function isAllowedOrigin(origin: string, allowOrigins: readonly string[]): boolean {
  return allowOrigins.includes("*") || allowOrigins.includes(origin);
}

/**
 * The headers of a preflight answer for an allowed origin: POST only, the gRPC-web headers and those of
 * the requested headers that the allow-list forwards (so a browser cannot be told a header works that
 * the gateway would drop).
 */
export function preflightHeaders(origin: string, request: IncomingHttpHeaders, forward: readonly HeaderRule[]): Record<string, string> {
  const requested = String(request["access-control-request-headers"] ?? "")
    .split(",")
    .map((h) => h.trim().toLowerCase())
    .filter((h) => h !== "");
  const allowed = new Set(GRPC_WEB_REQUEST_HEADERS);
  for (const name of requested) if (isForwardedRequestHeader(name, forward)) allowed.add(name);
  return {
    "access-control-allow-origin": origin,
    "access-control-allow-methods": "POST",
    "access-control-allow-headers": [...allowed].join(", "),
    "access-control-allow-credentials": "true",
    "access-control-max-age": String(PREFLIGHT_MAX_AGE),
    vary: "Origin",
  };
}

/** The CORS headers of an actual response to an allowed origin; `extraExposed` are the backend's own headers. */
export function responseCorsHeaders(origin: string, extraExposed: readonly string[]): Record<string, string> {
  return {
    "access-control-allow-origin": origin,
    "access-control-allow-credentials": "true",
    "access-control-expose-headers": [...new Set([...EXPOSED_HEADERS, ...extraExposed])].join(", "),
    vary: "Origin",
  };
}
