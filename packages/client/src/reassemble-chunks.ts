import { createHash } from "node:crypto";

/** One piece of a file streamed in chunks, as IndicatorGraph's MACDGraphReply carries it. */
export interface FileChunk {
  /** This chunk's bytes. */
  macdChunk: Uint8Array;
  /** Where they go in the file. */
  offset: bigint;
  /** The whole file's size, the same on every chunk. */
  totalSize: bigint;
  /** SHA-256 of the whole file: on the last chunk (empty on the others). */
  sha256: Uint8Array;
}

/** A chunk stream that does not make up its file; `message` says what is wrong and where. */
export class ChunkError extends Error {
  override name = "ChunkError";
}

/**
 * Joins a chunked file (IndicatorGraph.GetMACDGraph's replies) and verifies it while it arrives: each
 * chunk must start where the previous one ended (so chunks out of order, repeated or missing are caught
 * at once), total_size must not change nor be exceeded, and at the end the size must be total_size and
 * the SHA-256 must match the one the stream sent. Rejects with a {@link ChunkError} otherwise; nothing
 * is returned for a broken file. polyrpc.reassemble_chunks (packages/grpc-py) does the same in Python.
 */
export async function reassembleChunks(chunks: AsyncIterable<FileChunk> | Iterable<FileChunk>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  const hash = createHash("sha256");
  let received = 0n;
  let totalSize: bigint | undefined;
  let digest: Uint8Array | undefined;
  let index = 0;
  for await (const chunk of chunks) {
    if (chunk.offset !== received)
      throw new ChunkError(`chunk ${index} starts at offset ${chunk.offset}, expected ${received} (out of order, repeated or missing)`);
    if (totalSize !== undefined && chunk.totalSize !== totalSize)
      throw new ChunkError(`chunk ${index} says total_size ${chunk.totalSize}, earlier chunks said ${totalSize}`);
    totalSize = chunk.totalSize;
    received += BigInt(chunk.macdChunk.length);
    if (received > totalSize) throw new ChunkError(`chunk ${index} ends at ${received}, past total_size ${totalSize}`);
    parts.push(chunk.macdChunk);
    hash.update(chunk.macdChunk);
    if (chunk.sha256.length > 0) digest = chunk.sha256;
    index++;
  }
  if (received !== (totalSize ?? 0n)) throw new ChunkError(`received ${received} of ${totalSize} bytes`);
  if (digest === undefined) throw new ChunkError("no sha256 in the stream: the file cannot be verified");
  const actual = hash.digest();
  if (!actual.equals(digest))
    throw new ChunkError(`sha256 mismatch: the stream said ${Buffer.from(digest).toString("hex")}, the data hashes to ${actual.toString("hex")}`);
  return Buffer.concat(parts);
}
