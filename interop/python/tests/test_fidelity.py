"""The fidelity service of serve_all (grpcio, in-process) and serve_all_aio (grpc.aio, a child process):
echoes come back equal and byte for byte, an unknown field survives an echo, EchoStream rejects a bad count
with INVALID_ARGUMENT, the Narrow round trip keeps Wide's fields as unknown fields, and Nest shows how deep a
message Python decodes; then the runtime differences that the case runner cannot reach (docs/type-mapping.md)."""

import math
import re
import sys

import grpc
import pytest
from google.protobuf import json_format, timestamp_pb2
from google.protobuf.message import DecodeError

from helpers import RPC_TIMEOUT
from polyrpc_interop.gen.polyrpc.fidelity.v1 import fidelity_pb2, fidelity_pb2_grpc

# Field 999, wire type 0 (varint), value 7: a field no message of fidelity.proto has.
UNKNOWN_FIELD = bytes([0xB8, 0x3E, 0x07])


@pytest.fixture(scope="module")
def aio_target():
    from helpers import Spawned

    process = Spawned([sys.executable, "-m", "polyrpc_interop.serve_all_aio", "--host", "127.0.0.1", "--port", "0"])
    listening = re.compile(r"^listening on (127\.0\.0\.1:\d+)$")
    try:
        yield listening.match(process.wait_for(listening.match)).group(1)
    finally:
        assert process.stop() == 0


@pytest.fixture(params=["serve_all", "serve_all_aio"])
def fidelity_channel(request, port):
    target = f"127.0.0.1:{port}" if request.param == "serve_all" else request.getfixturevalue("aio_target")
    with grpc.insecure_channel(target) as channel:
        yield channel


def edge_message():
    message = fidelity_pb2.AllTypes(
        f_double=-0.0,
        f_float=0.1,
        f_int64=-(2**63),
        f_uint64=2**64 - 1,
        f_sint64=-(2**63),
        f_string="a\x00😀",
        f_bytes=b"\x00\xff",
        f_enum=7,
        opt_int32=0,
        rep_int32_unpacked=[1, -1],
        map_int64_string={2**53 + 1: "x"},
        map_bool_string={True: "t", False: "f"},
        choice_empty={},
        f_timestamp=timestamp_pb2.Timestamp(seconds=-62135596800, nanos=0),
        f_renamed=5,
    )
    message.f_struct.update({"null": None, "nested": {"list": [1, "two", True]}})
    return message


def test_echo_answers_the_same_bytes(fidelity_channel):
    request = edge_message()
    reply = fidelity_pb2_grpc.FidelityServiceStub(fidelity_channel).Echo(request, timeout=RPC_TIMEOUT)
    assert reply == request
    # Deterministic: map entries are otherwise written in the container's own order, which may differ
    # between two equal messages.
    assert reply.SerializeToString(deterministic=True) == request.SerializeToString(deterministic=True)
    assert math.copysign(1.0, reply.f_double) == -1.0
    assert reply.f_enum == 7
    assert reply.HasField("opt_int32") and not reply.HasField("opt_int64")
    assert reply.WhichOneof("choice") == "choice_empty"


def test_echo_keeps_an_unknown_field(fidelity_channel):
    # Raw bytes on both sides, so the client's own runtime cannot add or drop anything.
    echo = fidelity_channel.unary_unary("/polyrpc.fidelity.v1.FidelityService/Echo")
    sent = fidelity_pb2.AllTypes(f_int32=1).SerializeToString() + UNKNOWN_FIELD
    assert echo(sent, timeout=RPC_TIMEOUT) == sent


def test_echo_unknown_keeps_wide_fields_through_narrow(fidelity_channel):
    request = fidelity_pb2.Wide(id=1, added_string="new", added_int64=2**53 + 1)
    reply = fidelity_pb2_grpc.FidelityServiceStub(fidelity_channel).EchoUnknown(request, timeout=RPC_TIMEOUT)
    assert reply == request


def test_echo_stream_sends_count_copies(fidelity_channel):
    request = fidelity_pb2.EchoStreamRequest(message=fidelity_pb2.AllTypes(f_string="s"), count=3)
    replies = list(fidelity_pb2_grpc.FidelityServiceStub(fidelity_channel).EchoStream(request, timeout=RPC_TIMEOUT))
    assert [r.f_string for r in replies] == ["s", "s", "s"]


@pytest.mark.parametrize("count", [-1, 101])
def test_echo_stream_rejects_a_count_out_of_range(fidelity_channel, count):
    stub = fidelity_pb2_grpc.FidelityServiceStub(fidelity_channel)
    with pytest.raises(grpc.RpcError) as raised:
        list(stub.EchoStream(fidelity_pb2.EchoStreamRequest(count=count), timeout=RPC_TIMEOUT))
    assert raised.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert raised.value.details() == f"count {count} out of range: want 0 to 100"


def test_collect_answers_every_message_in_order(fidelity_channel):
    sent = [fidelity_pb2.AllTypes(f_int32=i) for i in (3, 0, -2)]
    reply = fidelity_pb2_grpc.FidelityServiceStub(fidelity_channel).Collect(iter(sent), timeout=RPC_TIMEOUT)
    assert [m.f_int32 for m in reply.messages] == [3, 0, -2]


def levels(message):
    found = []
    while True:
        found.append(message.a)
        if not message.HasField("child"):
            return found
        message = message.child


def test_nest_builds_a_message_101_deep_that_python_decodes(fidelity_channel):
    # protobuf-es refuses this one (interop/src/fidelity/fidelity-service.test.ts): its limit is 100 messages.
    reply = fidelity_pb2_grpc.FidelityServiceStub(fidelity_channel).Nest(fidelity_pb2.NestRequest(depth=101), timeout=RPC_TIMEOUT)
    assert levels(reply) == list(range(1, 102))


def test_nest_102_deep_is_more_than_python_decodes(fidelity_channel):
    with pytest.raises(grpc.RpcError) as raised:
        fidelity_pb2_grpc.FidelityServiceStub(fidelity_channel).Nest(fidelity_pb2.NestRequest(depth=102), timeout=RPC_TIMEOUT)
    assert raised.value.code() == grpc.StatusCode.INTERNAL
    assert raised.value.details() == "Exception deserializing response!"


@pytest.mark.parametrize("depth", [0, 201])
def test_nest_rejects_a_depth_out_of_range(fidelity_channel, depth):
    with pytest.raises(grpc.RpcError) as raised:
        fidelity_pb2_grpc.FidelityServiceStub(fidelity_channel).Nest(fidelity_pb2.NestRequest(depth=depth), timeout=RPC_TIMEOUT)
    assert raised.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert raised.value.details() == f"depth {depth} out of range: want 1 to 200"


def test_python_accepts_an_exponent_in_a_64_bit_integer_string():
    # protobuf-es rejects it (interop/src/fidelity/runtime-differences.test.ts; docs/type-mapping.md).
    assert json_format.Parse('{"fInt64": "1e2"}', fidelity_pb2.AllTypes()).f_int64 == 100


def test_python_refuses_a_lone_surrogate_when_serializing():
    # protobuf-es writes U+FFFD in its place instead.
    with pytest.raises(UnicodeEncodeError):
        fidelity_pb2.AllTypes(f_string="a\ud800b").SerializeToString()


def test_python_refuses_invalid_utf8_when_decoding():
    with pytest.raises(DecodeError, match="bad UTF-8"):
        fidelity_pb2.AllTypes.FromString(bytes.fromhex("720361ff62"))
