"""Joins a file streamed in chunks (IndicatorGraph.GetMACDGraph's replies) and verifies it as it arrives,
with the same checks and messages as @polyrpc/client's reassembleChunks."""

import hashlib


class ChunkError(ValueError):
    """A chunk stream that does not make up its file; the message says what is wrong and where."""


def reassemble_chunks(replies):
    """Returns the file's bytes from replies (objects with macd_chunk, offset, total_size, sha256).

    Each chunk must start where the previous one ended (chunks out of order, repeated or missing are
    caught at once), total_size must not change nor be exceeded, and at the end the size must be
    total_size and the SHA-256 the one the stream sent. Raises ChunkError otherwise.
    """
    received = bytearray()
    digest_so_far = hashlib.sha256()
    total_size = None
    digest = None
    index = -1
    for index, reply in enumerate(replies):
        if reply.offset != len(received):
            raise ChunkError(
                f"chunk {index} starts at offset {reply.offset}, expected {len(received)} (out of order, repeated or missing)"
            )
        if total_size is not None and reply.total_size != total_size:
            raise ChunkError(f"chunk {index} says total_size {reply.total_size}, earlier chunks said {total_size}")
        total_size = reply.total_size
        received += reply.macd_chunk
        if len(received) > total_size:
            raise ChunkError(f"chunk {index} ends at {len(received)}, past total_size {total_size}")
        digest_so_far.update(reply.macd_chunk)
        if reply.sha256:
            digest = reply.sha256
    if len(received) != (total_size or 0):
        raise ChunkError(f"received {len(received)} of {total_size} bytes")
    if digest is None:
        raise ChunkError("no sha256 in the stream: the file cannot be verified")
    actual = digest_so_far.digest()
    if actual != digest:
        raise ChunkError(f"sha256 mismatch: the stream said {digest.hex()}, the data hashes to {actual.hex()}")
    return bytes(received)
