"""Greeter and FirstMsg over the wire, on serve_all's server."""

import json

import grpc
import pytest

from helpers import RPC_TIMEOUT, field_violations
from polyrpc_stubs.firstmsg import first_msg_pb2, first_msg_pb2_grpc
from polyrpc_stubs.helloworld import hello_pb2, hello_pb2_grpc

SUCCESS = json.dumps({"code": 200, "data": "success"})
FAILURE = json.dumps({"code": 500, "data": "failure"})


def test_say_hello(channel):
    reply = hello_pb2_grpc.GreeterStub(channel).SayHello(hello_pb2.HelloRequest(name="World"), timeout=RPC_TIMEOUT)
    assert reply.message == "Hello, World"


def first_msg(channel, body):
    stub = first_msg_pb2_grpc.FirstMsgStub(channel)
    return stub.firstMsg(first_msg_pb2.FirstMsgRequest(body=body), timeout=RPC_TIMEOUT)


def test_first_msg_json_body_succeeds_and_is_printed(channel, capfd):
    body = json.dumps({"from": 1, "to": 2, "msg": "hello"})
    assert first_msg(channel, body).content == SUCCESS
    out = capfd.readouterr().out
    assert f"receive client request : {body}\n" in out
    assert "parse client request : {'from': 1, 'to': 2, 'msg': 'hello'}\n" in out


def test_first_msg_empty_body_fails(channel, capfd):
    assert first_msg(channel, "").content == FAILURE
    assert "receive client request : \n" in capfd.readouterr().out


@pytest.mark.parametrize(
    "body, quoted",
    [
        ("not json", '"not json"'),
        ("{", '"{"'),
        # Quoted as json.dumps(body[:64], ensure_ascii=False): 64 code points, non-ASCII kept, escapes as JSON.
        ("数据" * 40, '"' + "数据" * 32 + '"'),
        ("😀" * 70, '"' + "😀" * 64 + '"'),  # code points, not UTF-16 units: no half surrogate pair
        ('{"a": "tab\there', '"{\\"a\\": \\"tab\\there"'),
        # Python's json.loads takes these, JSON (and JSON.parse) does not.
        ("NaN", '"NaN"'),
        ('{"x": -Infinity}', '"{\\"x\\": -Infinity}"'),
    ],
)
def test_first_msg_bad_json_is_invalid_argument(channel, body, quoted):
    with pytest.raises(grpc.RpcError) as raised:
        first_msg(channel, body)
    assert raised.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert raised.value.details() == "invalid body: not valid JSON: " + quoted
    assert field_violations(raised.value) == [("body", "invalid body: not valid JSON: " + quoted)]
