import { connect, constants } from "node:http2";
import { Client, credentials, Metadata, status, type ClientDuplexStream } from "@grpc/grpc-js";

/** How a raw call ended: its status and the response messages' bytes. */
export interface RawOutcome {
  code: status;
  /** The status's name, for messages (`INTERNAL`). */
  codeName: string;
  details: string;
  responses: Buffer[];
}

const identity = (b: Buffer) => b;

/**
 * Sends `requests` as they are (no serializer: the bytes go on the wire unchanged) on a call of any kind
 * to `path`, half-closes, and collects every response until the status. `timeoutMs` is the deadline; a
 * stream that never ends (a server push) ends with DEADLINE_EXCEEDED.
 */
export function rawCall(channel: Client, path: string, requests: readonly Uint8Array[], timeoutMs: number): Promise<RawOutcome> {
  return new Promise((resolve) => {
    const call: ClientDuplexStream<Buffer, Buffer> = channel.makeBidiStreamRequest(path, identity, identity, new Metadata(), {
      deadline: Date.now() + timeoutMs,
    });
    const responses: Buffer[] = [];
    call.on("data", (b: Buffer) => responses.push(b));
    call.on("error", () => {}); // the status below says it all
    call.on("status", (s) => resolve({ code: s.code, codeName: status[s.code] ?? String(s.code), details: s.details, responses }));
    for (const r of requests) call.write(Buffer.from(r));
    call.end();
  });
}

/** A channel for {@link rawCall}: plaintext, close it with `close()`. */
export function rawChannel(target: string): Client {
  return new Client(target, credentials.createInsecure());
}

/**
 * Sends one gRPC request whose length prefix promises `declaredLength` bytes but carries only `body`,
 * then ends the HTTP/2 stream: a truncated frame, which no gRPC client library will produce. Resolves to
 * the grpc-status and grpc-message the server answered (from trailers, or headers for trailers-only),
 * or `status: undefined` if the server reset the stream instead.
 */
export function sendTruncatedFrame(
  target: string,
  path: string,
  body: Uint8Array,
  declaredLength: number,
  timeoutMs: number,
): Promise<{ status: number | undefined; message: string; httpStatus: number | undefined }> {
  return new Promise((resolve, reject) => {
    const session = connect(`http://${target}`);
    const timer = setTimeout(() => {
      session.destroy();
      reject(new Error(`no answer to a truncated frame within ${timeoutMs} ms`));
    }, timeoutMs);
    session.on("error", () => {});
    const stream = session.request({
      [constants.HTTP2_HEADER_METHOD]: "POST",
      [constants.HTTP2_HEADER_PATH]: path,
      "content-type": "application/grpc",
      te: "trailers",
    });
    let grpcStatus: number | undefined;
    let message = "";
    let httpStatus: number | undefined;
    const read = (headers: Record<string, unknown>) => {
      if (headers["grpc-status"] !== undefined) grpcStatus = Number(headers["grpc-status"]);
      if (headers["grpc-message"] !== undefined) message = decodeURIComponent(String(headers["grpc-message"]));
    };
    stream.on("response", (headers) => {
      httpStatus = Number(headers[constants.HTTP2_HEADER_STATUS]);
      read(headers);
    });
    stream.on("trailers", read);
    stream.on("data", () => {});
    stream.on("error", () => {});
    stream.on("close", () => {
      clearTimeout(timer);
      session.close();
      resolve({ status: grpcStatus, message, httpStatus });
    });
    const prefix = Buffer.alloc(5);
    prefix.writeUInt32BE(declaredLength, 1);
    stream.end(Buffer.concat([prefix, Buffer.from(body)]));
  });
}
