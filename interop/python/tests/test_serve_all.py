"""serve_all: health and reflection in-process, and the command line as a process that stops cleanly."""

import re
import signal
import sys

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc

from helpers import RPC_TIMEOUT
from polyrpc_interop.serve_all import SERVICE_NAMES
from polyrpc_stubs.helloworld import hello_pb2, hello_pb2_grpc

LISTENING = re.compile(r"listening on 127\.0\.0\.1:(\d+)")


def test_service_names():
    assert SERVICE_NAMES == (
        "Greeter",
        "firstmsg.FirstMsg",
        "routeguide.RouteGuide",
        "Contact",
        "idc.Indicator",
        "idc.IndicatorGraph",
    )


@pytest.mark.parametrize("service", ("",) + SERVICE_NAMES)
def test_health_reports_every_service_serving(channel, service):
    stub = health_pb2_grpc.HealthStub(channel)
    response = stub.Check(health_pb2.HealthCheckRequest(service=service), timeout=RPC_TIMEOUT)
    assert response.status == health_pb2.HealthCheckResponse.SERVING


def test_health_unknown_service_is_not_found(channel):
    with pytest.raises(grpc.RpcError) as raised:
        health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(service="nope"), timeout=RPC_TIMEOUT)
    assert raised.value.code() == grpc.StatusCode.NOT_FOUND


def test_reflection_lists_every_service(channel):
    stub = reflection_pb2_grpc.ServerReflectionStub(channel)
    request = reflection_pb2.ServerReflectionRequest(list_services="")
    (response,) = stub.ServerReflectionInfo(iter([request]), timeout=RPC_TIMEOUT)
    listed = {service.name for service in response.list_services_response.service}
    assert listed == set(SERVICE_NAMES) | {
        "polyrpc.fidelity.v1.FidelityService",  # test-only, for the fidelity cases
        "grpc.health.v1.Health",
        "grpc.reflection.v1alpha.ServerReflection",
    }


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_command_line_serves_then_exits_0_on_signal(spawn, signum):
    process = spawn([sys.executable, "-m", "polyrpc_interop.serve_all", "--host", "127.0.0.1", "--port", "0"])
    port = int(LISTENING.fullmatch(process.wait_for(LISTENING.fullmatch)).group(1))
    assert process.lines[0] == f"listening on 127.0.0.1:{port}"
    with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
        reply = hello_pb2_grpc.GreeterStub(channel).SayHello(hello_pb2.HelloRequest(name="cli"), timeout=RPC_TIMEOUT)
    assert reply.message == "Hello, cli"
    assert process.stop(signum) == 0


def test_command_line_reports_a_missing_data_file(spawn, tmp_path):
    missing = tmp_path / "missing.csv"
    command = [sys.executable, "-m", "polyrpc_interop.serve_all", "--host", "127.0.0.1", "--port", "0"]
    process = spawn([*command, "--data", str(missing)])
    assert process.proc.wait(60) != 0
    process.wait_for(lambda line: line.startswith("serve_all: ") and "missing.csv" in line)
