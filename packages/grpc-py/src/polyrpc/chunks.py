"""Chunked transfer of a file in a server stream, the Python twin of @polyrpc/client's reassembleChunks:
each chunk carries its offset, every chunk the file's total size, and the last one the file's SHA-256, so
the receiver can check order, gaps, repeats, size and content as the chunks arrive."""

from __future__ import annotations

import hashlib
from typing import Any, AsyncIterable, Iterable, Iterator, NamedTuple

DEFAULT_CHUNK_SIZE = 64 * 1024


class Chunk(NamedTuple):
    """One piece of a file: its bytes, where they go, the whole file's size, and (on the last piece only;
    empty on the others) the whole file's SHA-256."""

    data: bytes
    offset: int
    total_size: int
    sha256: bytes


class ChunkError(ValueError):
    """A chunk stream that does not make up its file; the message says what is wrong and where."""


def split_chunks(data: bytes, chunk_size: int = DEFAULT_CHUNK_SIZE) -> Iterator[Chunk]:
    """data in chunk_size pieces; an empty file is one empty chunk, so its size and digest still arrive."""
    if isinstance(chunk_size, bool) or not isinstance(chunk_size, int) or chunk_size < 1:
        raise ValueError(f"invalid chunk_size: {chunk_size!r} is not a positive integer")
    digest = hashlib.sha256(data).digest()
    total_size = len(data)
    if total_size == 0:
        yield Chunk(b"", 0, 0, digest)
        return
    for offset in range(0, total_size, chunk_size):
        last = offset + chunk_size >= total_size
        yield Chunk(bytes(data[offset : offset + chunk_size]), offset, total_size, digest if last else b"")


class _Reassembly:
    """The checks of one reassembly, chunk by chunk."""

    def __init__(self, data_field: str) -> None:
        self.data_field = data_field
        self.received = bytearray()
        self.hash = hashlib.sha256()
        self.total_size: int | None = None
        self.digest: bytes | None = None
        self.index = 0

    def add(self, chunk: Any) -> None:
        data = getattr(chunk, self.data_field)
        index = self.index
        if chunk.offset != len(self.received):
            raise ChunkError(
                f"chunk {index} starts at offset {chunk.offset}, expected {len(self.received)} (out of order, repeated or missing)"
            )
        if self.total_size is not None and chunk.total_size != self.total_size:
            raise ChunkError(f"chunk {index} says total_size {chunk.total_size}, earlier chunks said {self.total_size}")
        self.total_size = chunk.total_size
        self.received += data
        if len(self.received) > chunk.total_size:
            raise ChunkError(f"chunk {index} ends at {len(self.received)}, past total_size {chunk.total_size}")
        self.hash.update(data)
        if chunk.sha256:
            self.digest = chunk.sha256
        self.index += 1

    def finish(self) -> bytes:
        if len(self.received) != (self.total_size or 0):
            raise ChunkError(f"received {len(self.received)} of {self.total_size} bytes")
        if self.digest is None:
            raise ChunkError("no sha256 in the stream: the file cannot be verified")
        actual = self.hash.digest()
        if actual != self.digest:
            raise ChunkError(f"sha256 mismatch: the stream said {self.digest.hex()}, the data hashes to {actual.hex()}")
        return bytes(self.received)


def reassemble_chunks(chunks: Iterable[Any], data_field: str = "data") -> bytes:
    """The file's bytes from chunks (objects with offset, total_size, sha256 and the bytes in data_field:
    a Chunk, or a reply message such as IndicatorGraph's, whose bytes are in `macd_chunk`).

    Each chunk must start where the previous one ended (chunks out of order, repeated or missing are caught
    at once), total_size must not change nor be exceeded, and at the end the size must be total_size and
    the SHA-256 the one the stream sent. Raises ChunkError otherwise; nothing is returned for a broken file.
    """
    reassembly = _Reassembly(data_field)
    for chunk in chunks:
        reassembly.add(chunk)
    return reassembly.finish()


async def reassemble_chunks_async(chunks: AsyncIterable[Any], data_field: str = "data") -> bytes:
    """reassemble_chunks for an async stream, such as a grpc.aio server-streaming call."""
    reassembly = _Reassembly(data_field)
    async for chunk in chunks:
        reassembly.add(chunk)
    return reassembly.finish()
