"""IndicatorGraph.GetMACDGraph over the wire: the chunks rebuild a PNG of the asked size, checked end to end."""

import hashlib
import io

import grpc
import pytest
from PIL import Image

from helpers import RPC_TIMEOUT, field_violations
from polyrpc_stubs.idc import indicator_graph_pb2 as pb
from polyrpc_stubs.idc import indicator_graph_pb2_grpc

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def get_graph(channel, **request):
    stub = indicator_graph_pb2_grpc.IndicatorGraphStub(channel)
    return list(stub.GetMACDGraph(pb.MACDGraphRequest(**request), timeout=RPC_TIMEOUT))


def reassemble(chunks, chunk_size):
    """Checks the framing of every chunk and returns the file they make."""
    assert chunks
    total_size = chunks[0].total_size
    data = b""
    for index, chunk in enumerate(chunks):
        last = index == len(chunks) - 1
        assert chunk.offset == len(data)
        assert chunk.total_size == total_size
        assert 0 < len(chunk.macd_chunk) <= chunk_size
        if not last:
            assert len(chunk.macd_chunk) == chunk_size
            assert chunk.sha256 == b""
        data += chunk.macd_chunk
    assert len(data) == total_size
    assert chunks[-1].sha256 == hashlib.sha256(data).digest()
    return data


def assert_png(data, width, height):
    assert data.startswith(PNG_SIGNATURE)
    assert data[12:16] == b"IHDR"
    assert (int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")) == (width, height)
    with Image.open(io.BytesIO(data)) as image:
        image.load()  # decodes every pixel: the file is whole
        assert image.size == (width, height)


def test_seed_request_defaults(channel):
    chunks = get_graph(channel, start_date="2023-01-01", end_date="2023-12-31")
    assert len(chunks) > 1
    assert_png(reassemble(chunks, 1024), 1000, 600)


def test_chosen_chunk_size_and_image_size(channel):
    chunks = get_graph(channel, start_date="2022-06-01", end_date="2022-12-31", chunk_size=4000, width=640, height=480)
    assert_png(reassemble(chunks, 4000), 640, 480)


@pytest.mark.parametrize("width, height", [(100, 100), (257, 199)])
def test_small_and_odd_sizes_are_exact(channel, width, height):
    assert_png(reassemble(get_graph(channel, chunk_size=65536, width=width, height=height), 65536), width, height)


def test_largest_chunk_size_sends_one_chunk(channel):
    chunks = get_graph(channel, chunk_size=4000000)
    assert len(chunks) == 1
    assert_png(reassemble(chunks, 4000000), 1000, 600)


def test_empty_range_is_still_a_chart(channel):
    chunks = get_graph(channel, start_date="2030-01-01", end_date="2030-12-31", chunk_size=8192)
    assert_png(reassemble(chunks, 8192), 1000, 600)


@pytest.mark.parametrize(
    "request_fields, details",
    [
        ({"chunk_size": 4000001}, "invalid chunk_size: 4000001 is outside 1..4000000"),
        ({"width": 99}, "invalid width: 99 is outside 100..4000"),
        ({"width": 4001}, "invalid width: 4001 is outside 100..4000"),
        ({"height": 1}, "invalid height: 1 is outside 100..4000"),
        ({"height": 4294967295}, "invalid height: 4294967295 is outside 100..4000"),
        ({"start_date": "2023-02-30"}, 'invalid start_date: "2023-02-30" is not a date in YYYY-MM-DD form'),
        ({"end_date": "2023-1-1"}, 'invalid end_date: "2023-1-1" is not a date in YYYY-MM-DD form'),
        (
            {"start_date": "2024-01-01", "end_date": "2023-01-01"},
            "invalid range: start_date 2024-01-01 is after end_date 2023-01-01",
        ),
        # The order of the checks: dates, then chunk_size, then width, then height.
        (
            {"start_date": "x", "chunk_size": 4000001, "width": 1},
            'invalid start_date: "x" is not a date in YYYY-MM-DD form',
        ),
        ({"chunk_size": 4000001, "width": 1, "height": 1}, "invalid chunk_size: 4000001 is outside 1..4000000"),
        ({"width": 1, "height": 1}, "invalid width: 1 is outside 100..4000"),
    ],
)
def test_bad_requests_are_invalid_argument(channel, request_fields, details):
    with pytest.raises(grpc.RpcError) as raised:
        get_graph(channel, **request_fields)
    assert raised.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert raised.value.details() == details
    # The fields at fault, by proto name, in a google.rpc.BadRequest: the one the message names, or both dates.
    fields = ["start_date", "end_date"] if details.startswith("invalid range") else [details.split(":")[0].removeprefix("invalid ")]
    assert field_violations(raised.value) == [(field, details) for field in fields]
