// A gRPC-web call made by hand with fetch, for what connect-web does not do: client-streaming bodies,
// grpc-web-text, and looking at the raw HTTP answer.
import { decodeGrpcWebResponse, encodeGrpcWebBody } from "../frames.js";

/** The raw answer of {@link grpcWebFetch}. */
export interface RawAnswer {
  httpStatus: number;
  headers: Headers;
  messages: Uint8Array[];
  trailers: Record<string, string>;
}

/** POSTs `messages` as one gRPC-web body to `baseUrl + path`; `text` uses application/grpc-web-text. */
export async function grpcWebFetch(
  baseUrl: string,
  path: string,
  messages: Uint8Array[],
  options: { text?: boolean; headers?: Record<string, string>; signal?: AbortSignal } = {},
): Promise<RawAnswer> {
  const body = encodeGrpcWebBody(messages);
  const response = await fetch(`${baseUrl}${path}`, {
    method: "POST",
    headers: { "content-type": options.text === true ? "application/grpc-web-text" : "application/grpc-web+proto", "x-grpc-web": "1", ...options.headers },
    body: options.text === true ? Buffer.from(body).toString("base64") : body,
    signal: options.signal,
  });
  const raw = new Uint8Array(await response.arrayBuffer());
  const bytes = options.text === true ? new Uint8Array(Buffer.from(Buffer.from(raw).toString("latin1"), "base64")) : raw;
  return { httpStatus: response.status, headers: response.headers, ...decodeGrpcWebResponse(bytes) };
}
