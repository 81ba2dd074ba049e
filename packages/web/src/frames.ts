// gRPC-web framing, with no Node.js imports so that browsers can use it too (`@polyrpc/web/frames`).
// A gRPC-web body is the gRPC length-prefixed framing (flag byte, 4-byte big-endian length, payload);
// the response ends with one frame whose flag has the 0x80 bit set, carrying the trailers as HTTP/1 header
// lines. https://github.com/grpc/grpc/blob/master/doc/PROTOCOL-WEB.md

/** The flag bit of a trailer frame. */
export const TRAILER_FLAG = 0x80;

/** One frame of a gRPC-web body. */
export interface GrpcWebFrame {
  /** The flag byte: 0 for a message, 1 for a compressed message, 0x80 for trailers. */
  flags: number;
  data: Uint8Array;
}

/** What a gRPC-web response carried: its messages and its trailers (names lowercase). */
export interface GrpcWebResponse {
  messages: Uint8Array[];
  trailers: Record<string, string>;
}

/**
 * Frames serialized messages as one gRPC-web request body (uncompressed). Several messages make a
 * client-streaming (or half-duplex bidi) call, which the gateway forwards as one stream.
 */
export function encodeGrpcWebBody(messages: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  const size = messages.reduce((sum, m) => sum + 5 + m.length, 0);
  const body = new Uint8Array(size);
  let offset = 0;
  for (const message of messages) {
    body[offset] = 0;
    new DataView(body.buffer, body.byteOffset + offset + 1, 4).setUint32(0, message.length);
    body.set(message, offset + 5);
    offset += 5 + message.length;
  }
  return body;
}

/** Frames trailers (`name: value` lines, names lowercased) as the trailer frame of a gRPC-web response. */
export function encodeTrailerFrame(trailers: Readonly<Record<string, string>>): Uint8Array {
  const text = Object.entries(trailers)
    .map(([name, value]) => `${name.toLowerCase()}: ${value}\r\n`)
    .join("");
  const data = new TextEncoder().encode(text);
  const frame = new Uint8Array(5 + data.length);
  frame[0] = TRAILER_FLAG;
  new DataView(frame.buffer).setUint32(1, data.length);
  frame.set(data, 5);
  return frame;
}

/**
 * Splits a complete gRPC-web body into frames. Throws on a truncated frame: a body that ends mid-frame
 * lost data, and saying so beats returning the messages before it as if they were all.
 */
export function decodeGrpcWebFrames(body: Uint8Array): GrpcWebFrame[] {
  const frames: GrpcWebFrame[] = [];
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  let offset = 0;
  while (offset < body.length) {
    if (offset + 5 > body.length) throw new Error(`truncated grpc-web frame header at byte ${offset} of ${body.length}`);
    const length = view.getUint32(offset + 1);
    if (offset + 5 + length > body.length)
      throw new Error(`truncated grpc-web frame at byte ${offset}: ${length} bytes announced, ${body.length - offset - 5} present`);
    frames.push({ flags: body[offset]!, data: body.subarray(offset + 5, offset + 5 + length) });
    offset += 5 + length;
  }
  return frames;
}

/** Decodes a complete gRPC-web response body into its messages and trailers. */
export function decodeGrpcWebResponse(body: Uint8Array): GrpcWebResponse {
  const messages: Uint8Array[] = [];
  const trailers: Record<string, string> = {};
  for (const frame of decodeGrpcWebFrames(body)) {
    if ((frame.flags & TRAILER_FLAG) === 0) {
      messages.push(frame.data);
      continue;
    }
    for (const line of new TextDecoder().decode(frame.data).split("\r\n")) {
      const colon = line.indexOf(":");
      if (colon > 0) trailers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
  }
  return { messages, trailers };
}
