"""The retry policy: the service config names exactly the methods the protos mark idempotent, in the same
text as @polyrpc/grpc's retryServiceConfig (packages/grpc/src/retry-policy.test.ts expects this string), and
create_channel retries them on UNAVAILABLE only."""

from __future__ import annotations

import json

import grpc
import pytest
from conftest import RPC_TIMEOUT

import polyrpc
from polyrpc_stubs.contact import contact_pb2
from polyrpc_stubs.firstmsg import first_msg_pb2, first_msg_pb2_grpc
from polyrpc_stubs.helloworld import hello_pb2, hello_pb2_grpc
from polyrpc_stubs.routeguide import route_guide_pb2

GREETER = hello_pb2.DESCRIPTOR.services_by_name["Greeter"]
FIRST_MSG = first_msg_pb2.DESCRIPTOR.services_by_name["FirstMsg"]


def test_reads_idempotency_from_the_proto():
    route_guide = route_guide_pb2.DESCRIPTOR.services_by_name["RouteGuide"]
    assert [m.name for m in polyrpc.idempotent_methods(route_guide)] == ["GetFeature"]
    assert [m.name for m in polyrpc.idempotent_methods(FIRST_MSG)] == []


def test_builds_the_same_service_config_as_the_typescript_bridge():
    assert polyrpc.retry_service_config(polyrpc.RetryOptions(services=(GREETER, FIRST_MSG))) == (
        '{"methodConfig":[{"name":[{"service":"Greeter","method":"SayHello"}],"retryPolicy":{"maxAttempts":3,'
        '"initialBackoff":"0.2s","maxBackoff":"2s","backoffMultiplier":2,"retryableStatusCodes":["UNAVAILABLE"]}}]}'
    )


def test_a_service_without_idempotent_methods_gets_no_policy():
    contact = contact_pb2.DESCRIPTOR.services_by_name["Contact"]
    assert json.loads(polyrpc.retry_service_config(polyrpc.RetryOptions(services=(contact,)))) == {"methodConfig": []}


class FlakyGreeter(hello_pb2_grpc.GreeterServicer):
    """Answers UNAVAILABLE to the first two calls of each name."""

    def __init__(self):
        self.calls = {}

    def SayHello(self, request, context):
        self.calls[request.name] = self.calls.get(request.name, 0) + 1
        if self.calls[request.name] <= 2:
            context.abort(grpc.StatusCode.UNAVAILABLE, f"try again ({self.calls[request.name]})")
        return hello_pb2.HelloReply(message=f"Hello, {request.name}")


class FlakyFirstMsg(first_msg_pb2_grpc.FirstMsgServicer):
    def __init__(self):
        self.calls = 0

    def firstMsg(self, request, context):
        self.calls += 1
        context.abort(grpc.StatusCode.UNAVAILABLE, "try again")


def test_the_channel_retries_idempotent_methods_only(serve):
    greeter, first_msg = FlakyGreeter(), FlakyFirstMsg()
    _, port = serve([polyrpc.service(hello_pb2_grpc.add_GreeterServicer_to_server, greeter), polyrpc.service(first_msg_pb2_grpc.add_FirstMsgServicer_to_server, first_msg)])
    retry = polyrpc.RetryOptions(services=(GREETER, FIRST_MSG), initial_backoff_ms=10, max_backoff_ms=50)
    with polyrpc.create_channel(f"127.0.0.1:{port}", retry=retry) as channel:
        assert hello_pb2_grpc.GreeterStub(channel).SayHello(hello_pb2.HelloRequest(name="r"), timeout=RPC_TIMEOUT).message == "Hello, r"
        assert greeter.calls == {"r": 3}
        with pytest.raises(grpc.RpcError) as raised:
            first_msg_pb2_grpc.FirstMsgStub(channel).firstMsg(first_msg_pb2.FirstMsgRequest(), timeout=RPC_TIMEOUT)
        assert (raised.value.code(), raised.value.details()) == (grpc.StatusCode.UNAVAILABLE, "try again")
        assert first_msg.calls == 1
    with polyrpc.create_channel(f"127.0.0.1:{port}") as channel:  # no retry option: tried once
        with pytest.raises(grpc.RpcError) as raised:
            hello_pb2_grpc.GreeterStub(channel).SayHello(hello_pb2.HelloRequest(name="once"), timeout=RPC_TIMEOUT)
        assert raised.value.details() == "try again (1)"
        assert greeter.calls["once"] == 1
