"""retry_policy: the service config names exactly the methods the protos mark idempotent, in the same
text as @polyrpc/grpc's retryServiceConfig (packages/grpc/src/retry-policy.test.ts expects this string)."""

import json

from polyrpc_interop.retry_policy import idempotent_methods, retry_service_config
from polyrpc_stubs.contact import contact_pb2
from polyrpc_stubs.firstmsg import first_msg_pb2
from polyrpc_stubs.helloworld import hello_pb2
from polyrpc_stubs.routeguide import route_guide_pb2

GREETER = hello_pb2.DESCRIPTOR.services_by_name["Greeter"]
FIRST_MSG = first_msg_pb2.DESCRIPTOR.services_by_name["FirstMsg"]


def test_reads_idempotency_from_the_proto():
    route_guide = route_guide_pb2.DESCRIPTOR.services_by_name["RouteGuide"]
    assert [m.name for m in idempotent_methods(route_guide)] == ["GetFeature"]
    assert [m.name for m in idempotent_methods(FIRST_MSG)] == []


def test_builds_the_same_service_config_as_the_typescript_bridge():
    assert retry_service_config((GREETER, FIRST_MSG)) == (
        '{"methodConfig":[{"name":[{"service":"Greeter","method":"SayHello"}],"retryPolicy":{"maxAttempts":3,'
        '"initialBackoff":"0.2s","maxBackoff":"2s","backoffMultiplier":2,"retryableStatusCodes":["UNAVAILABLE"]}}]}'
    )


def test_a_service_without_idempotent_methods_gets_no_policy():
    contact = contact_pb2.DESCRIPTOR.services_by_name["Contact"]
    assert json.loads(retry_service_config((contact,))) == {"methodConfig": []}
