import { createHash } from "node:crypto";

import { InvalidArgumentError } from "../invalid-argument-error.js";

/** Smallest `chunk_size` a client may ask for. */
export const CHUNK_SIZE_MIN = 1;
/** Largest `chunk_size` a client may ask for; both servers enforce the same bound. */
// The largest chunk a client with gRPC's default 4 MiB (4194304-byte) receive limit can take: the
// reply also carries offset, total_size, sha256 and field tags, so a full 4 MiB chunk would not fit.
export const CHUNK_SIZE_MAX = 4_000_000;
/** Smallest chart width or height, in pixels; below it the axes and labels no longer fit. */
export const IMAGE_SIDE_MIN = 100;
/** Largest chart width or height: bigger images cost seconds and tens of MiB per request. */
export const IMAGE_SIDE_MAX = 4000;

/**
 * One slice of a file as {@link chunkFile} cuts it, before it becomes a MACDGraphReply on the wire (a client
 * reads those as @polyrpc/client's `FileChunk`).
 */
export interface FileSlice {
  /** The bytes of this piece: a view into the original buffer, not a copy. */
  readonly chunk: Uint8Array;
  /** Position of `chunk[0]` in the whole file. */
  readonly offset: number;
  /** Size of the whole file, repeated on every chunk so a client can preallocate or show progress. */
  readonly totalSize: number;
  /** Raw 32-byte SHA-256 of the whole file; set on the last chunk only. */
  readonly sha256?: Uint8Array;
}

/**
 * Splits a file into chunks for a server-streaming response.
 *
 * The digest rides on the last chunk so that a client can verify the reassembled file without
 * a second call, and knows the stream is complete. An empty file still yields one (empty)
 * chunk, so every stream carries a digest.
 *
 * @param bytes - The whole file.
 * @param chunkSize - Bytes per chunk, at least 1; the last chunk may be shorter.
 * @returns A generator of chunks in order, with contiguous offsets.
 * @throws RangeError when `chunkSize` is not a positive integer (requests are checked earlier by
 *   {@link validateGraphRequest}, so this is a programming error).
 */
export function* chunkFile(bytes: Uint8Array, chunkSize: number): Generator<FileSlice, void, undefined> {
  if (!Number.isSafeInteger(chunkSize) || chunkSize < 1) {
    throw new RangeError(`chunkSize must be a positive integer, got ${chunkSize}`);
  }
  const totalSize = bytes.byteLength;
  // Hashed up front: the last chunk needs it, and one pass over a few hundred KiB is cheap.
  const sha256 = new Uint8Array(createHash("sha256").update(bytes).digest());
  let offset = 0;
  do {
    const end = Math.min(offset + chunkSize, totalSize);
    const last = end === totalSize;
    const chunk = bytes.subarray(offset, end);
    yield last ? { chunk, offset, totalSize, sha256 } : { chunk, offset, totalSize };
    offset = end;
  } while (offset < totalSize);
}

/** The size fields of an IndicatorGraph request; 0 means "use the default". */
export interface GraphRequestSizes {
  /** Bytes per streamed chunk. */
  readonly chunkSize: number;
  /** Image width in pixels. */
  readonly width: number;
  /** Image height in pixels. */
  readonly height: number;
}

/** What a 0 in {@link GraphRequestSizes} stands for. */
export interface GraphRequestDefaults {
  /** Bytes per chunk when the request says 0. */
  readonly chunkSize: number;
  /** Width when the request says 0. */
  readonly width: number;
  /** Height when the request says 0. */
  readonly height: number;
}

/** The defaults both servers use: 64 KiB chunks, a 1000 × 600 image. */
export const GRAPH_REQUEST_DEFAULTS: GraphRequestDefaults = Object.freeze({
  chunkSize: 65536,
  width: 1000,
  height: 600,
});

/**
 * Applies defaults to, and range-checks, the sizes of an IndicatorGraph request.
 *
 * Proto3 cannot tell an unset number from 0, so 0 means "default"; any other value outside its
 * range is refused rather than clamped, so a client learns about its mistake. Messages are
 * shared byte for byte with the Python server.
 *
 * @param request - The sizes as received.
 * @param defaults - Values used for fields that are 0.
 * @returns The sizes to use.
 * @throws InvalidArgumentError `invalid chunk_size: <n> is outside 1..4000000`, or
 *   `invalid width: <n> is outside 100..4000` (height likewise); checked in that order.
 */
export function validateGraphRequest(request: GraphRequestSizes, defaults: GraphRequestDefaults = GRAPH_REQUEST_DEFAULTS): GraphRequestSizes {
  return {
    chunkSize: checkField("chunk_size", request.chunkSize, defaults.chunkSize, CHUNK_SIZE_MIN, CHUNK_SIZE_MAX),
    width: checkField("width", request.width, defaults.width, IMAGE_SIDE_MIN, IMAGE_SIDE_MAX),
    height: checkField("height", request.height, defaults.height, IMAGE_SIDE_MIN, IMAGE_SIDE_MAX),
  };
}

function checkField(name: string, value: number, fallback: number, min: number, max: number): number {
  if (value === 0) return fallback;
  // Number.isInteger guards callers that pass a float or NaN; proto int fields never do.
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new InvalidArgumentError(`invalid ${name}: ${value} is outside ${min}..${max}`, [name]);
  }
  return value;
}
