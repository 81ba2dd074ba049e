// Which request headers reach the backend, and which response headers reach the browser.

/** A header name to forward: an exact lowercase name, or a pattern tested against the lowercase name. */
export type HeaderRule = string | RegExp;

/** The default request allow-list: the credentials header and custom `x-*` headers. */
export const DEFAULT_FORWARD_HEADERS: readonly HeaderRule[] = ["authorization", /^x-/];

/**
 * Headers that describe one HTTP hop (RFC 9110 section 7.6.1, plus HTTP/2's pseudo-headers and the
 * headers the gateway sets itself), never forwarded in either direction whatever the allow-list says.
 */
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "proxy-authenticate",
  "proxy-authorization",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "host",
  "content-length",
  "content-type",
  "http2-settings",
  // gRPC-web's own markers: they describe the browser's hop, not the call.
  "x-grpc-web",
  "x-user-agent",
]);

/** gRPC headers with a meaning for the call, forwarded whatever the allow-list says. */
const GRPC_CALL_HEADERS = new Set(["grpc-timeout", "grpc-encoding", "grpc-accept-encoding"]);

/** True if a request header (lowercase name) may go to the backend under `rules`. */
export function isForwardedRequestHeader(name: string, rules: readonly HeaderRule[]): boolean {
  if (name.startsWith(":") || HOP_BY_HOP.has(name)) return false;
  if (GRPC_CALL_HEADERS.has(name)) return true;
  if (name.startsWith("grpc-")) return false;
  return rules.some((rule) => (typeof rule === "string" ? rule === name : rule.test(name)));
}

/** True if a backend response header (lowercase name) is passed to the browser as an HTTP header. */
export function isForwardedResponseHeader(name: string): boolean {
  return !name.startsWith(":") && !HOP_BY_HOP.has(name);
}
