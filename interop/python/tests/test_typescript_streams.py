"""grpcio reading the TypeScript server's server streams, which gather the messages a handler yields together
into one HTTP/2 write (@polyrpc/grpc's coalesced writes): thousands of small messages must arrive as valid
gRPC frames, each intact and in order."""

import hashlib

import pytest

from helpers import RPC_TIMEOUT
from polyrpc_interop.serving import ROUTE_GUIDE_DB
from polyrpc_stubs.idc import indicator_graph_pb2, indicator_graph_pb2_grpc
from polyrpc_stubs.routeguide import route_guide_pb2, route_guide_pb2_grpc


@pytest.mark.parametrize("chunk_size", [7, 1024])
def test_a_chart_in_thousands_of_small_chunks_arrives_whole_and_in_order(typescript_channel, chunk_size):
    stub = indicator_graph_pb2_grpc.IndicatorGraphStub(typescript_channel)
    request = indicator_graph_pb2.MACDGraphRequest(start_date="2023-01-01", end_date="2023-12-31", chunk_size=chunk_size)
    replies = list(stub.GetMACDGraph(request, timeout=RPC_TIMEOUT))
    total = replies[0].total_size
    assert len(replies) == -(-total // chunk_size) and len(replies) > 30
    offset = 0
    for reply in replies:
        assert reply.offset == offset and reply.total_size == total
        assert len(reply.macd_chunk) == min(chunk_size, total - offset)
        offset += len(reply.macd_chunk)
    png = b"".join(reply.macd_chunk for reply in replies)
    assert offset == total and png.startswith(b"\x89PNG\r\n\x1a\n")
    assert replies[-1].sha256 == hashlib.sha256(png).digest()
    assert all(reply.sha256 == b"" for reply in replies[:-1])


def test_every_feature_of_the_database_streams_as_its_own_message(typescript_channel):
    stub = route_guide_pb2_grpc.RouteGuideStub(typescript_channel)
    whole_world = route_guide_pb2.Rectangle(
        lo=route_guide_pb2.Point(latitude=-900000000, longitude=-1800000000),
        hi=route_guide_pb2.Point(latitude=900000000, longitude=1800000000),
    )
    features = list(stub.ListFeatures(whole_world, timeout=RPC_TIMEOUT))
    db = ROUTE_GUIDE_DB.read_text(encoding="utf-8")
    assert len(features) == db.count('"location"')
    first = features[0]
    assert first.name == "Patriots Path, Mendham, NJ 07945, USA"
    assert (first.location.latitude, first.location.longitude) == (407838351, -746143763)
