"""Chunked files: split_chunks, and reassembly (sync and async) over crafted chunk sequences, with the same
cases and messages as the TypeScript reassembleChunks tests (packages/client/src/reassemble-chunks.test.ts)."""

from __future__ import annotations

import asyncio
import hashlib
import re

import pytest

from polyrpc import Chunk, ChunkError, reassemble_chunks, reassemble_chunks_async, split_chunks
from polyrpc_stubs.idc.indicator_graph_pb2 import MACDGraphReply

FILE = b"0123456789abcdefghij"  # 20 bytes
SHA = hashlib.sha256(FILE).digest()


def chunks_of(data, size, digest=SHA, total_size=None):
    """The file in size-byte replies, as IndicatorGraph sends them: sha256 on the last one only."""
    return [
        MACDGraphReply(
            macd_chunk=data[at : at + size],
            offset=at,
            total_size=len(data) if total_size is None else total_size,
            sha256=digest if at + size >= len(data) else b"",
        )
        for at in range(0, len(data), size)
    ]


async def _aiter(items):
    for item in items:
        await asyncio.sleep(0)
        yield item


def rejection(chunks):
    """The ChunkError message, which the sync and the async reassembly must agree on."""
    with pytest.raises(ChunkError) as caught:
        reassemble_chunks(chunks, "macd_chunk")
    with pytest.raises(ChunkError) as caught_async:
        asyncio.run(reassemble_chunks_async(_aiter(chunks), "macd_chunk"))
    assert str(caught_async.value) == str(caught.value)
    return str(caught.value)


def test_splits_with_offsets_total_size_and_a_digest_on_the_last_chunk():
    assert list(split_chunks(FILE, 8)) == [
        Chunk(FILE[:8], 0, 20, b""),
        Chunk(FILE[8:16], 8, 20, b""),
        Chunk(FILE[16:], 16, 20, SHA),
    ]
    assert list(split_chunks(b"", 8)) == [Chunk(b"", 0, 0, hashlib.sha256(b"").digest())]
    assert list(split_chunks(FILE, 20)) == [Chunk(FILE, 0, 20, SHA)]


def test_split_refuses_a_chunk_size_below_one():
    for size in (0, -1, 1.5, True):
        with pytest.raises(ValueError, match=re.escape(f"invalid chunk_size: {size!r} is not a positive integer")):
            list(split_chunks(FILE, size))


def test_what_split_cuts_reassembly_joins():
    data = bytes(range(256)) * 41
    for size in (1, 7, 1024, len(data), len(data) + 1):
        assert reassemble_chunks(split_chunks(data, size)) == data
        assert asyncio.run(reassemble_chunks_async(_aiter(list(split_chunks(data, size))))) == data
    assert reassemble_chunks(split_chunks(b"", 3)) == b""


def test_joins_replies_in_order():
    assert reassemble_chunks(chunks_of(FILE, 7), "macd_chunk") == FILE
    assert reassemble_chunks(iter(chunks_of(FILE, 3)), data_field="macd_chunk") == FILE
    assert asyncio.run(reassemble_chunks_async(_aiter(chunks_of(FILE, 3)), "macd_chunk")) == FILE


def test_rejects_chunks_out_of_order():
    a, b, c = chunks_of(FILE, 7)
    assert rejection([a, c, b]) == "chunk 1 starts at offset 14, expected 7 (out of order, repeated or missing)"


def test_rejects_a_repeated_and_a_missing_chunk():
    a, b, c = chunks_of(FILE, 7)
    assert rejection([a, a, b, c]) == "chunk 1 starts at offset 0, expected 7 (out of order, repeated or missing)"
    assert rejection([a, b]) == "received 14 of 20 bytes"
    assert rejection([]) == "no sha256 in the stream: the file cannot be verified"


def test_rejects_a_checksum_mismatch():
    tampered = bytearray(FILE)
    tampered[5] ^= 1
    message = rejection(chunks_of(bytes(tampered), 7, SHA))
    assert message == f"sha256 mismatch: the stream said {SHA.hex()}, the data hashes to {hashlib.sha256(tampered).hexdigest()}"


def test_rejects_no_sha256_a_changing_total_size_and_data_past_it():
    assert rejection(chunks_of(FILE, 7, b"")) == "no sha256 in the stream: the file cannot be verified"
    a, b, c = chunks_of(FILE, 7)
    b.total_size = 30
    assert rejection([a, b, c]) == "chunk 1 says total_size 30, earlier chunks said 20"
    assert rejection(chunks_of(FILE[:7], 7, total_size=5)) == "chunk 0 ends at 7, past total_size 5"
