"""FirstMsg, from the seed "Python学习笔记-gRPC"."""

import json
from datetime import datetime

import grpc

from polyrpc_interop.invalid_request import InvalidRequest, abort_invalid
from polyrpc_interop.serving import say
from polyrpc_stubs.firstmsg import first_msg_pb2, first_msg_pb2_grpc

# How much of a bad body the error details quote, in characters (code points).
QUOTED_BODY_CHARS = 64


def invalid_body(body):
    """The InvalidRequest for a body that is not JSON: its first characters quoted, a violation on `body`."""
    return InvalidRequest("invalid body: not valid JSON: " + json.dumps(body[:QUOTED_BODY_CHARS], ensure_ascii=False), ("body",))


def _reject_constant(name):
    """json.loads takes NaN, Infinity and -Infinity, which are not JSON (RFC 8259); refuse them as
    JavaScript's JSON.parse does, so the Python and TypeScript servers agree on what is valid."""
    raise ValueError(f"{name} is not JSON")


class CFirstMsgServicer(first_msg_pb2_grpc.FirstMsgServicer):
    def firstMsg(self, request, context):
        request_body = request.body
        say(f"receive client request : {request_body}")
        if request_body:
            try:
                data = json.loads(request_body, parse_constant=_reject_constant)
            except ValueError:
                # The seed let json.loads raise, which grpc reports as UNKNOWN with no useful details.
                abort_invalid(context, invalid_body(request_body))
            say(f"parse client request : {data}")
            return first_msg_pb2.FirstMsgResponse(content=json.dumps({"code": 200, "data": "success"}))
        return first_msg_pb2.FirstMsgResponse(content=json.dumps({"code": 500, "data": "failure"}))


def invoke_first_msg_service(target):
    """The seed's client: one JSON message, then an empty body."""
    with grpc.insecure_channel(target) as channel:
        first_msg_stub = first_msg_pb2_grpc.FirstMsgStub(channel)
        msg = {"from": 1, "to": 2, "op_time": datetime.now().strftime("%Y-%m-%d %H:%M:%S"), "msg": "hello"}
        response = first_msg_stub.firstMsg(first_msg_pb2.FirstMsgRequest(body=json.dumps(msg)))
        print(f"response content : {response.content}")
        # The seed passed body=None; the empty string is what that means in proto3 (and on the wire).
        response = first_msg_stub.firstMsg(first_msg_pb2.FirstMsgRequest(body=""))
        print(f"response content : {response.content}")
