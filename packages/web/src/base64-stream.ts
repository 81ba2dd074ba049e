// The base64 of application/grpc-web-text, decoded and encoded as a stream: a request body may arrive
// in any slices and may be several padded base64 strings one after another (each message encoded on its
// own, as grpc-web's text mode does), so padding can sit in the middle of the body.

/** Decodes base64 text that arrives in slices; returns the bytes of each complete 4-character quantum. */
export class Base64Decoder {
  #pending = "";

  /** Throws on a character that is not base64, naming it. */
  push(text: string): Buffer {
    const clean = this.#pending + text.replace(/[\r\n\t ]/g, "");
    const bad = /[^A-Za-z0-9+/=]/.exec(clean);
    if (bad !== null) throw new Error(`invalid grpc-web-text body: ${JSON.stringify(bad[0])} is not a base64 character`);
    const whole = clean.length - (clean.length % 4);
    this.#pending = clean.slice(whole);
    const parts: Buffer[] = [];
    // Node's decoder stops at the first "=", so decode up to and including each padded quantum separately.
    let start = 0;
    for (let i = 0; i < whole; i += 4) {
      if (clean[i + 3] === "=") {
        parts.push(Buffer.from(clean.slice(start, i + 4), "base64"));
        start = i + 4;
      }
    }
    if (start < whole) parts.push(Buffer.from(clean.slice(start, whole), "base64"));
    return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
  }

  /** Throws if the body ended inside a quantum. */
  end(): void {
    if (this.#pending.length > 0) throw new Error(`invalid grpc-web-text body: ${this.#pending.length} base64 characters left over at the end`);
  }
}

/**
 * Encodes bytes to base64 as they arrive, holding back up to 2 bytes so that only the last output carries
 * padding: the whole response is then one valid base64 string, which every gRPC-web client decodes.
 */
export class Base64Encoder {
  #rest: Buffer = Buffer.alloc(0);

  push(bytes: Uint8Array): string {
    const all = this.#rest.length === 0 ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) : Buffer.concat([this.#rest, bytes]);
    const whole = all.length - (all.length % 3);
    this.#rest = Buffer.from(all.subarray(whole));
    return all.subarray(0, whole).toString("base64");
  }

  end(): string {
    const text = this.#rest.toString("base64");
    this.#rest = Buffer.alloc(0);
    return text;
  }
}
