import type { MetadataInit } from "@polyrpc/grpc";
import { UserError } from "@polyrpc/cli-kit";

/**
 * Parses `-H 'key: value'` options into request metadata. The key is lower-cased (gRPC header names are
 * lower-case) and may contain only `0-9 a-z _ . -`; the value is trimmed. A key ending in `-bin` is a
 * binary header: its value is base64 (standard or URL-safe alphabet, padding optional) and is sent as
 * the decoded bytes. A repeated key sends several values.
 */
export function parseHeaders(headers: readonly string[]): MetadataInit {
  const metadata: Record<string, (string | Uint8Array)[]> = {};
  for (const header of headers) {
    const colon = header.indexOf(":");
    if (colon <= 0) throw new UserError(`call: -H ${JSON.stringify(header)} is not of the form "key: value"`);
    const key = header.slice(0, colon).trim().toLowerCase();
    const value = header.slice(colon + 1).trim();
    if (!/^[0-9a-z_.-]+$/.test(key)) {
      throw new UserError(`call: -H ${JSON.stringify(header)}: the header name may contain only 0-9 a-z _ . -`);
    }
    let parsed: string | Uint8Array = value;
    if (key.endsWith("-bin")) {
      if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(value) || value.replace(/=+$/, "").length % 4 === 1) {
        throw new UserError(`call: -H ${JSON.stringify(header)}: a -bin header takes base64, and ${JSON.stringify(value)} is not`);
      }
      parsed = new Uint8Array(Buffer.from(value, value.includes("-") || value.includes("_") ? "base64url" : "base64"));
    }
    (metadata[key] ??= []).push(parsed);
  }
  return metadata;
}
