// The gRPC-web gateway: each browser request becomes one HTTP/2 gRPC stream to the backend, with the
// message frames passed through untouched in both directions.
//
// Why node:http2 and not a grpc-js generic client with identity (de)serializers: gRPC-web's data frames
// are byte for byte gRPC's length-prefixed messages, so the gateway can pipe the body as it arrives and
// never find message boundaries, re-frame or copy per message; the compressed flag, grpc-encoding,
// grpc-status-details-bin and every trailer reach the browser exactly as the backend sent them; and a
// client-streaming body of several messages is just a longer body. grpc-js would split the body into
// messages only to frame them again, and it owns status handling that a proxy must not reinterpret.
// What grpc-js would have given (connection upkeep, name resolution) is small here: one HTTP/2 session
// per backend, re-opened when it closes (backend-connection.ts).
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import {
  constants,
  createSecureServer,
  type Http2SecureServer,
  type Http2ServerRequest,
  type Http2ServerResponse,
  type IncomingHttpHeaders,
  type OutgoingHttpHeaders,
} from "node:http2";
import type { AddressInfo, Socket } from "node:net";
import { createBackendConnection, type BackendTlsOptions } from "./backend-connection.js";
import { Base64Decoder, Base64Encoder } from "./base64-stream.js";
import { isAllowedOrigin, preflightHeaders, responseCorsHeaders } from "./cors.js";
import { DEFAULT_FORWARD_HEADERS, isForwardedRequestHeader, isForwardedResponseHeader, type HeaderRule } from "./forward-headers.js";
import { encodeTrailerFrame } from "./frames.js";
import { Code, codeFromHttpStatus, codeFromRstCode, encodeGrpcMessage } from "./grpc-status.js";
import { MessageSizeLimit } from "./message-size-limit.js";
import { createWriteBatch } from "./write-batch.js";

/** The most response bytes the gateway holds for one write to the browser (see write-batch.ts). */
const MAX_BATCH_BYTES = 256 * 1024;

/** grpc-js's and grpcio's default receive limit; the gateway refuses what the backend would. */
export const DEFAULT_MAX_REQUEST_MESSAGE_BYTES = 4 * 1024 * 1024;

/** Options of {@link createWebGateway}. */
export interface WebGatewayOptions {
  /** The gRPC server to forward to, `HOST:PORT`. */
  backend: string;
  /** Connect to the backend over TLS with these settings; default plaintext (h2c). */
  backendTls?: BackendTlsOptions;
  /**
   * Origins whose browser pages may call the gateway (exact `scheme://host:port`, or `*`). Default none:
   * only requests without an Origin header (non-browser clients) or from the gateway's own origin (a page
   * served by the server that mounts {@link WebGateway.handle}) are answered; others get HTTP 403.
   */
  allowOrigins?: readonly string[];
  /**
   * Request headers forwarded to the backend: exact lowercase names or patterns. Default `authorization`
   * and `x-*`. Hop-by-hop headers are never forwarded; grpc-timeout and grpc-encoding always are.
   */
  forwardHeaders?: readonly HeaderRule[];
  /** Largest request message, in bytes; a bigger one gets RESOURCE_EXHAUSTED. Default 4 MiB, like the backends. */
  maxRequestMessageBytes?: number;
  /** How long to wait for the backend's connection before UNAVAILABLE. Default 5000 ms. */
  connectTimeoutMs?: number;
  /** Serve HTTPS (h2 and HTTP/1.1, by ALPN) with this PEM certificate chain and key; default plain HTTP/1.1. */
  tls?: { cert: string | Buffer; key: string | Buffer };
}

/** Where a listening gateway is. */
export interface WebGatewayAddress {
  host: string;
  port: number;
  /** `http://HOST:PORT` or `https://HOST:PORT`. */
  url: string;
}

/** A gRPC-web gateway; see {@link createWebGateway}. */
export interface WebGateway {
  /**
   * Answers one request: for mounting the gateway in another Node.js server (the request's URL path must
   * be the gRPC path, `/package.Service/Method`).
   */
  handle(req: IncomingMessage | Http2ServerRequest, res: ServerResponse | Http2ServerResponse): void;
  /** Starts serving on `host` (default 127.0.0.1) and `port` (0: the OS picks). */
  listen(port: number, host?: string): Promise<WebGatewayAddress>;
  /** Stops serving, ends open requests and closes the backend connection. */
  close(): Promise<void>;
}

/**
 * Creates a gRPC-web gateway to one gRPC backend (the TypeScript or the Python server alike). It speaks
 * `application/grpc-web(+proto)` and `application/grpc-web-text`, forwards unary, server-streaming and
 * client-streaming calls (a body of several messages) without the schema, and returns the backend's
 * headers as headers and its status, message, trailers and `grpc-status-details-bin` as the gRPC-web
 * trailer frame. `grpc-timeout` reaches the backend (and the gateway gives DEADLINE_EXCEEDED itself if the
 * backend does not answer in time), a browser that goes away cancels the backend call, and a backend that
 * is down or unreachable gives UNAVAILABLE.
 */
export function createWebGateway(options: WebGatewayOptions): WebGateway {
  const allowOrigins = options.allowOrigins ?? [];
  const forward = options.forwardHeaders ?? DEFAULT_FORWARD_HEADERS;
  const maxMessage = options.maxRequestMessageBytes ?? DEFAULT_MAX_REQUEST_MESSAGE_BYTES;
  const backend = createBackendConnection(options.backend, options.backendTls, options.connectTimeoutMs ?? 5000);
  let server: Server | Http2SecureServer | undefined;
  const sockets = new Set<Socket>();

  const handle = (req: IncomingMessage | Http2ServerRequest, res: ServerResponse | Http2ServerResponse): void => {
    // Browsers send Origin on every POST, even to their own origin; a page served by the same host (the
    // gateway mounted in the server of the page) needs no --allow-origin.
    const header = req.headers.origin;
    const origin = header === undefined || isSameOrigin(header, req.headers.host ?? req.headers[":authority"]) ? undefined : header;
    if (origin !== undefined && !isAllowedOrigin(origin, allowOrigins)) {
      plain(res, 403, `polyrpc-web: origin ${origin} is not allowed (see --allow-origin)\n`);
      return;
    }
    if (req.method === "OPTIONS") {
      res.writeHead(204, origin === undefined ? { allow: "POST, OPTIONS" } : preflightHeaders(origin, req.headers, forward));
      res.end();
      return;
    }
    if (req.method !== "POST") {
      plain(res, 405, `polyrpc-web: method ${req.method} not allowed; gRPC-web calls are POST\n`, { allow: "POST, OPTIONS" });
      return;
    }
    const contentType = /^application\/grpc-web(-text)?(\+[a-z0-9]+)?\s*(;.*)?$/i.exec(String(req.headers["content-type"] ?? ""));
    if (contentType === null) {
      plain(
        res,
        415,
        `polyrpc-web: content-type ${JSON.stringify(req.headers["content-type"] ?? "")} is not gRPC-web (application/grpc-web+proto or application/grpc-web-text)\n`,
      );
      return;
    }
    forwardCall(req, res, origin, contentType[1] !== undefined, contentType[2]?.toLowerCase() ?? "");
  };

  const forwardCall = (
    req: IncomingMessage | Http2ServerRequest,
    response: ServerResponse | Http2ServerResponse,
    origin: string | undefined,
    text: boolean,
    subtype: string,
  ): void => {
    // The HTTP/2 compatibility API behaves as ServerResponse for everything used here.
    const res = response as ServerResponse;
    const encoder = text ? new Base64Encoder() : undefined;
    const corsFor = (exposed: readonly string[]) => (origin === undefined ? {} : responseCorsHeaders(origin, exposed));
    const responseType = `application/grpc-web${text ? "-text" : ""}${subtype === "" ? "+proto" : subtype}`;
    let finished = false;
    let deadlineTimer: NodeJS.Timeout | undefined;
    const setHeaders = (headers: Record<string, string | string[]>): void => {
      res.statusCode = 200;
      for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    };
    const write = (bytes: Uint8Array): boolean => (encoder === undefined ? res.write(bytes) : res.write(encoder.push(bytes)));
    // Backend -> browser bytes, written once per event-loop turn; a full response buffer pauses the backend
    // stream (its HTTP/2 flow control then holds the backend) until the browser has read.
    const batch = createWriteBatch((bytes) => {
      if (!write(bytes) && !stream?.isPaused()) {
        stream?.pause();
        res.once("drain", () => stream?.resume());
      }
    }, MAX_BATCH_BYTES);
    /** Ends the response with what is held and a trailer frame, in one write; the first call wins. */
    const finish = (trailers: Record<string, string>): void => {
      if (finished) return;
      finished = true;
      clearTimeout(deadlineTimer);
      const held = batch.take();
      const frame = encodeTrailerFrame(trailers);
      const bytes = held === undefined ? frame : Buffer.concat([held, frame]);
      // Nothing written yet (an error, or an answer whose trailers came in the same turn as its messages):
      // the whole body goes in end(), so Node.js sends it with a Content-Length, not chunked.
      if (!res.headersSent && !res.hasHeader("content-type")) setHeaders({ "content-type": responseType, ...corsFor([]) });
      res.end(encoder === undefined ? bytes : encoder.push(bytes) + encoder.end());
    };
    const fail = (code: number, message: string): void => finish({ "grpc-status": String(code), "grpc-message": encodeGrpcMessage(message) });

    const path = (req.url ?? "").split("?")[0]!;
    if (!/^\/[^/]+\/[^/]+$/.test(path)) {
      fail(Code.UNIMPLEMENTED, `invalid grpc path ${JSON.stringify(path)}: expected /package.Service/Method`);
      req.resume();
      return;
    }
    const headers: OutgoingHttpHeaders = {
      ":method": "POST",
      ":path": path,
      "content-type": `application/grpc${subtype}`,
      te: "trailers",
      "user-agent": "polyrpc-web",
    };
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined && isForwardedRequestHeader(name, forward)) headers[name] = value;
    }
    const timeout = req.headers["grpc-timeout"];
    if (timeout !== undefined) {
      const ms = parseGrpcTimeout(String(timeout));
      if (ms === undefined) {
        fail(Code.INVALID_ARGUMENT, `invalid grpc-timeout ${JSON.stringify(timeout)}: expected 1-8 digits and a unit (H, M, S, m, u, n)`);
        req.resume();
        return;
      }
      // The backend answers DEADLINE_EXCEEDED itself; this timer, a little later, only covers a backend
      // that does not answer at all.
      deadlineTimer = setTimeout(() => {
        stream?.close(constants.NGHTTP2_CANCEL);
        fail(Code.DEADLINE_EXCEEDED, `deadline exceeded: the backend did not answer within ${timeout}`);
      }, ms + 100);
    }

    let stream: ReturnType<ReturnType<typeof backend.session>["request"]> | undefined;
    try {
      stream = backend.session().request(headers, { endStream: false });
    } catch (e) {
      fail(Code.UNAVAILABLE, `backend ${options.backend} unavailable: ${(e as Error).message}`);
      req.resume();
      return;
    }
    const call = stream;
    let streamError: Error | undefined;
    let gotResponse = false;
    let trailers: IncomingHttpHeaders | undefined;

    // Browser -> backend: the body as it arrives, decoded from base64 in text mode, with message sizes checked.
    const decoder = text ? new Base64Decoder() : undefined;
    const limit = new MessageSizeLimit(maxMessage);
    req.on("data", (chunk: Buffer) => {
      if (finished) return;
      let bytes: Buffer;
      try {
        bytes = decoder === undefined ? chunk : decoder.push(chunk.toString("latin1"));
      } catch (e) {
        call.close(constants.NGHTTP2_CANCEL);
        fail(Code.INVALID_ARGUMENT, (e as Error).message);
        return;
      }
      const oversize = limit.push(bytes);
      if (oversize !== undefined) {
        call.close(constants.NGHTTP2_CANCEL);
        fail(Code.RESOURCE_EXHAUSTED, `request message of ${oversize} bytes exceeds the limit of ${maxMessage} bytes`);
        return;
      }
      if (!call.write(bytes)) req.pause();
    });
    call.on("drain", () => req.resume());
    req.on("end", () => {
      if (finished) return;
      try {
        decoder?.end();
        if (!limit.atBoundary) throw new Error("truncated request body: it ends inside a grpc message frame");
      } catch (e) {
        call.close(constants.NGHTTP2_CANCEL);
        fail(Code.INVALID_ARGUMENT, (e as Error).message);
        return;
      }
      call.end();
    });
    // The browser went away (tab closed, fetch aborted) before the call ended: cancel the backend call.
    res.on("close", () => {
      if (finished) return;
      finished = true;
      clearTimeout(deadlineTimer);
      batch.take();
      call.close(constants.NGHTTP2_CANCEL);
    });

    // Backend -> browser.
    call.on("response", (responseHeaders) => {
      gotResponse = true;
      const status = Number(responseHeaders[":status"]);
      if (responseHeaders["grpc-status"] !== undefined) {
        // Trailers-only: the whole answer came as headers; it becomes the trailer frame.
        trailers = responseHeaders;
        return;
      }
      if (status !== 200) {
        call.close(constants.NGHTTP2_CANCEL);
        fail(codeFromHttpStatus(status), `backend ${options.backend} answered HTTP ${status}`);
        return;
      }
      const out: Record<string, string | string[]> = {};
      for (const [name, value] of Object.entries(responseHeaders)) {
        if (value !== undefined && isForwardedResponseHeader(name)) out[name] = value;
      }
      // Set, not written: the headers go out with the first batch of the body, or with the whole body.
      if (!finished) setHeaders({ ...out, ...corsFor(Object.keys(out)), "content-type": responseType });
    });
    call.on("data", (chunk: Buffer) => {
      if (!finished) batch.push(chunk);
    });
    call.on("trailers", (t) => (trailers = t));
    call.on("error", (e) => (streamError = e));
    const end = () => {
      if (finished) return;
      if (trailers !== undefined) {
        const frame: Record<string, string> = {};
        for (const [name, value] of Object.entries(trailers)) {
          if (value !== undefined && isForwardedResponseHeader(name)) frame[name] = Array.isArray(value) ? value.join(", ") : String(value);
        }
        finish(frame);
      } else if (!gotResponse) {
        fail(Code.UNAVAILABLE, `backend ${options.backend} unavailable: ${streamError?.message ?? "the connection closed"}`);
      } else if (call.rstCode !== undefined && call.rstCode !== constants.NGHTTP2_NO_ERROR) {
        fail(codeFromRstCode(call.rstCode), `backend ${options.backend} reset the stream (HTTP/2 error ${call.rstCode})`);
      } else {
        fail(Code.INTERNAL, `backend ${options.backend} ended the stream without a grpc-status`);
      }
    };
    call.on("end", end);
    // A reset or a connection error closes the stream without "end"; after "end", this does nothing.
    call.on("close", () => {
      if (call.readableEnded || trailers === undefined) end();
      else call.once("end", end);
    });
    call.resume();
  };

  return {
    handle,
    async listen(port, host = "127.0.0.1") {
      const srv: Server | Http2SecureServer =
        options.tls === undefined ? createHttpServer(handle) : createSecureServer({ cert: options.tls.cert, key: options.tls.key, allowHTTP1: true }, handle);
      server = srv;
      srv.on("connection", (socket: Socket) => {
        sockets.add(socket);
        socket.once("close", () => sockets.delete(socket));
      });
      await new Promise<void>((resolve, reject) => {
        srv.once("error", reject);
        srv.listen(port, host, () => {
          srv.off("error", reject);
          resolve();
        });
      });
      const address = srv.address() as AddressInfo;
      const shownHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
      return { host: address.address, port: address.port, url: `${options.tls === undefined ? "http" : "https"}://${shownHost}:${address.port}` };
    },
    async close() {
      const srv = server;
      server = undefined;
      backend.close();
      if (srv === undefined) return;
      const closed = new Promise<void>((resolve) => srv.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}

/** True if `origin` (`scheme://host[:port]`) names the host the request was sent to. */
function isSameOrigin(origin: string, host: string | string[] | undefined): boolean {
  try {
    return typeof host === "string" && new URL(origin).host === host.toLowerCase();
  } catch {
    return false;
  }
}

/** A plain-text HTTP answer, for requests that are not gRPC-web at all. */
function plain(response: ServerResponse | Http2ServerResponse, status: number, body: string, extra: Record<string, string> = {}): void {
  const res = response as ServerResponse;
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8", ...extra });
  res.end(body);
}

const TIMEOUT_UNIT_MS: Record<string, number> = { H: 3_600_000, M: 60_000, S: 1000, m: 1, u: 0.001, n: 0.000001 };

/** A grpc-timeout header in milliseconds; undefined if malformed. */
export function parseGrpcTimeout(value: string): number | undefined {
  const match = /^(\d{1,8})([HMSmun])$/.exec(value);
  return match === null ? undefined : Number(match[1]) * TIMEOUT_UNIT_MS[match[2]!]!;
}
