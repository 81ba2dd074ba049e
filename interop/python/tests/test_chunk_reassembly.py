"""chunk_reassembly: crafted chunk sequences, the same cases and messages as the TypeScript
reassembleChunks tests (packages/client/src/reassemble-chunks.test.ts)."""

import hashlib
import re

import pytest

from polyrpc_interop.chunk_reassembly import ChunkError, reassemble_chunks
from polyrpc_stubs.idc.indicator_graph_pb2 import MACDGraphReply

FILE = b"0123456789abcdefghij"  # 20 bytes
SHA = hashlib.sha256(FILE).digest()


def chunks_of(data, size, digest=SHA, total_size=None):
    """The file in size-byte chunks, as the server sends them: sha256 on the last one only."""
    return [
        MACDGraphReply(
            macd_chunk=data[at : at + size],
            offset=at,
            total_size=len(data) if total_size is None else total_size,
            sha256=digest if at + size >= len(data) else b"",
        )
        for at in range(0, len(data), size)
    ]


def rejection(chunks):
    with pytest.raises(ChunkError) as caught:
        reassemble_chunks(chunks)
    return str(caught.value)


def test_joins_chunks_in_order():
    assert reassemble_chunks(chunks_of(FILE, 7)) == FILE
    assert reassemble_chunks(iter(chunks_of(FILE, 3))) == FILE


def test_rejects_chunks_out_of_order():
    a, b, c = chunks_of(FILE, 7)
    assert rejection([a, c, b]) == "chunk 1 starts at offset 14, expected 7 (out of order, repeated or missing)"


def test_rejects_a_repeated_and_a_missing_chunk():
    a, b, c = chunks_of(FILE, 7)
    assert rejection([a, a, b, c]) == "chunk 1 starts at offset 0, expected 7 (out of order, repeated or missing)"
    assert rejection([a, b]) == "received 14 of 20 bytes"


def test_rejects_a_checksum_mismatch():
    tampered = bytearray(FILE)
    tampered[5] ^= 1
    message = rejection(chunks_of(bytes(tampered), 7, SHA))
    assert re.fullmatch(r"sha256 mismatch: the stream said [0-9a-f]{64}, the data hashes to [0-9a-f]{64}", message)


def test_rejects_no_sha256_a_changing_total_size_and_data_past_it():
    assert rejection(chunks_of(FILE, 7, b"")) == "no sha256 in the stream: the file cannot be verified"
    a, b, c = chunks_of(FILE, 7)
    b.total_size = 30
    assert rejection([a, b, c]) == "chunk 1 says total_size 30, earlier chunks said 20"
    assert rejection(chunks_of(FILE[:7], 7, total_size=5)) == "chunk 0 ends at 7, past total_size 5"
