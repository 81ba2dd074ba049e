import { Metadata } from "@grpc/grpc-js";

/**
 * Metadata as a plain object: keys are lower-case header names; `-bin` keys take bytes, others strings;
 * an array gives a key several values.
 */
export type MetadataInit = Record<string, string | Uint8Array | readonly (string | Uint8Array)[]>;

/** Builds grpc-js Metadata from a plain object (or returns Metadata as is). */
export function toMetadata(init: Metadata | MetadataInit | undefined): Metadata {
  if (init instanceof Metadata) return init;
  const metadata = new Metadata();
  if (init === undefined) return metadata;
  for (const [key, value] of Object.entries(init)) {
    const values = Array.isArray(value) ? value : [value];
    for (const v of values as (string | Uint8Array)[]) {
      metadata.add(key, typeof v === "string" ? v : Buffer.from(v.buffer, v.byteOffset, v.byteLength));
    }
  }
  return metadata;
}
