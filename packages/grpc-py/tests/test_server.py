"""polyrpc.create_server and polyrpc.create_channel on grpcio: health, reflection, TLS, mutual TLS, bearer
tokens, limits with default deadlines, rich errors, and a server process stopped by a signal."""

from __future__ import annotations

import json
import signal

import grpc
import pytest
from conftest import BAD, GREETER, RPC_TIMEOUT, TOKEN, hello
from google.rpc import error_details_pb2
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc

import polyrpc

MIB = 1024 * 1024


def health_of(channel, name=""):
    try:
        reply = health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(service=name), timeout=RPC_TIMEOUT)
        return health_pb2.HealthCheckResponse.ServingStatus.Name(reply.status)
    except grpc.RpcError as e:
        return f"{e.code().name}: {e.details()}"


def test_serves_a_greeter_with_health_and_reflection(serve):
    server, port = serve([GREETER])
    assert server.service_names == ("Greeter",)
    with polyrpc.create_channel(f"127.0.0.1:{port}") as channel:
        assert hello(channel, "Ada") == "Hello, Ada"
        assert [health_of(channel, n) for n in ("", "Greeter", "Nope")] == ["SERVING", "SERVING", "NOT_FOUND: "]  # grpcio-health-checking sends no message
        stub = reflection_pb2_grpc.ServerReflectionStub(channel)
        replies = stub.ServerReflectionInfo(iter([reflection_pb2.ServerReflectionRequest(list_services="")]), timeout=RPC_TIMEOUT)
        names = sorted(s.name for r in replies for s in r.list_services_response.service)
    assert names == ["Greeter", "grpc.health.v1.Health", "grpc.reflection.v1alpha.ServerReflection"]


def test_health_and_reflection_can_be_turned_off(serve):
    _, port = serve([GREETER], health=False, reflection=False)
    with polyrpc.create_channel(f"127.0.0.1:{port}") as channel:
        assert health_of(channel) == "UNIMPLEMENTED: Method not found!"
        assert hello(channel) == "Hello, py"


def test_shutdown_reports_not_serving_before_stopping(serve):
    server, port = serve([GREETER])
    server.health.enter_graceful_shutdown = lambda original=server.health.enter_graceful_shutdown: (original(), seen.append(True))
    seen = []
    server.shutdown(0)
    assert seen == [True]
    with polyrpc.create_channel(f"127.0.0.1:{port}") as channel:
        assert hello(channel, timeout=2).startswith("UNAVAILABLE: ")


def test_tls_and_a_bearer_token(serve, certs):
    _, port = serve([GREETER], tls=polyrpc.ServerTls(cert=certs["serverCert"], key=certs["serverKey"]), auth=polyrpc.bearer_token_auth([TOKEN]))
    target = f"localhost:{port}"
    ca = polyrpc.ClientTls(ca=certs["ca"])
    with polyrpc.create_channel(target, tls=ca, token=TOKEN) as channel:
        assert hello(channel) == "Hello, py"
        assert hello(channel, metadata=(("authorization", "Bearer wrong"),)) == f"UNAUTHENTICATED: {polyrpc.INVALID}"  # the call's own header wins
    with polyrpc.create_channel(target, tls=ca) as channel:
        assert hello(channel) == f"UNAUTHENTICATED: {polyrpc.MISSING}"
        assert hello(channel, metadata=(("authorization", f"Basic {TOKEN}"),)) == f"UNAUTHENTICATED: {polyrpc.MALFORMED}"
        assert health_of(channel) == "SERVING"  # health needs no token
    with polyrpc.create_channel(target, tls=polyrpc.ClientTls(ca=certs["otherCa"]), token=TOKEN) as channel:
        assert hello(channel, timeout=5).startswith("UNAVAILABLE: ")
    with polyrpc.create_channel(f"127.0.0.1:{port}", token=TOKEN) as plaintext:
        assert hello(plaintext, timeout=5).startswith("UNAVAILABLE: ")


def test_mutual_tls_requires_a_client_certificate(serve, certs):
    _, port = serve([GREETER], tls=polyrpc.ServerTls(cert=certs["serverCert"], key=certs["serverKey"], ca=certs["ca"]))
    with polyrpc.create_channel(f"localhost:{port}", tls=polyrpc.ClientTls(ca=certs["ca"], cert=certs["clientCert"], key=certs["clientKey"])) as channel:
        assert hello(channel) == "Hello, py"
    with polyrpc.create_channel(f"localhost:{port}", tls=polyrpc.ClientTls(ca=certs["ca"])) as channel:
        assert hello(channel, timeout=5).startswith("UNAVAILABLE: ")


def test_custom_checks_permission_denied_and_a_broken_check(serve, caplog):
    def check(token, method, metadata):
        if token == "raise":
            raise RuntimeError("the token store is down")
        return (None, "ada") if token == "ada" else (grpc.StatusCode.PERMISSION_DENIED, None)

    _, port = serve([GREETER], auth=polyrpc.AuthOptions(check, public_services=()))
    with polyrpc.create_channel(f"127.0.0.1:{port}", token="ada") as channel:
        assert hello(channel) == "Hello, py"
    with polyrpc.create_channel(f"127.0.0.1:{port}", token="bob") as channel:
        assert hello(channel) == "PERMISSION_DENIED: permission denied for /Greeter/SayHello"
        assert health_of(channel) == "PERMISSION_DENIED: permission denied for /grpc.health.v1.Health/Check"
    with polyrpc.create_channel(f"127.0.0.1:{port}", token="raise") as channel:
        assert hello(channel) == f"UNAVAILABLE: {polyrpc.CHECK_FAILED}"
    assert "authentication check failed for /Greeter/SayHello" in caplog.text
    assert "raise" not in caplog.messages[-1]  # the token is not logged


def test_limits_size_and_default_deadlines(serve):
    limits = polyrpc.parse_limits_config({"maxReceiveMessageBytes": 1024, "methodTimeoutsMs": {"Greeter/SayHello": 300}})
    _, port = serve([GREETER], limits=limits)
    with polyrpc.create_channel(f"127.0.0.1:{port}", limits=limits) as channel:
        assert hello(channel, "x" * 2000) == "RESOURCE_EXHAUSTED: SERVER: Received message larger than max (2003 vs. 1024)"
        assert hello(channel, "sleep 1", timeout=None) == "DEADLINE_EXCEEDED: Deadline Exceeded"
        assert hello(channel, "sleep 0.5", timeout=5) == "Hello, sleep 0.5"  # a call's own timeout wins


def test_rich_errors_carry_typed_details(serve):
    _, port = serve([GREETER])
    with polyrpc.create_channel(f"127.0.0.1:{port}") as channel:
        with pytest.raises(grpc.RpcError) as raised:
            polyrpc_stub_call(channel, "bad one")
    assert (raised.value.code(), raised.value.details()) == (grpc.StatusCode.INVALID_ARGUMENT, "invalid name: bad one")
    status = polyrpc.read_status(raised.value)
    assert (status.code, status.message) == (grpc.StatusCode.INVALID_ARGUMENT.value[0], "invalid name: bad one")
    [detail] = polyrpc.unpack_details(status, error_details_pb2.BadRequest)
    assert [(v.field, v.description) for v in detail.field_violations] == [("name", BAD)]
    assert polyrpc.unpack_details(status, error_details_pb2.RetryInfo) == []
    # find_details mirrors @polyrpc/grpc's error.findDetails(BadRequestSchema): from the error or the status.
    [found] = polyrpc.find_details(raised.value, polyrpc.BadRequest)
    assert [(v.field, v.description) for v in found.field_violations] == [("name", BAD)]
    assert polyrpc.find_details(status, polyrpc.BadRequest) == [found]
    assert polyrpc.find_details(raised.value, polyrpc.RetryInfo) == []


def polyrpc_stub_call(channel, name):
    from polyrpc_stubs.helloworld import hello_pb2, hello_pb2_grpc

    return hello_pb2_grpc.GreeterStub(channel).SayHello(hello_pb2.HelloRequest(name=name), timeout=RPC_TIMEOUT)


def test_a_call_without_details_has_no_status(serve):
    _, port = serve([GREETER], auth=polyrpc.bearer_token_auth([TOKEN]))
    with polyrpc.create_channel(f"127.0.0.1:{port}") as channel:
        with pytest.raises(grpc.RpcError) as raised:
            polyrpc_stub_call(channel, "x")
    assert polyrpc.read_status(raised.value) is None
    assert polyrpc.find_details(raised.value, polyrpc.BadRequest) == []


def test_refuses_contradictory_or_unusable_options(certs):
    with pytest.raises(ValueError, match="^create_server: give tls or credentials, not both$"):
        polyrpc.create_server([GREETER], tls=polyrpc.ServerTls(certs["serverCert"], certs["serverKey"]), credentials=grpc.local_server_credentials())
    with pytest.raises(ValueError, match="^tls: cert given without key$"):
        polyrpc.create_server([GREETER], tls=polyrpc.ServerTls(certs["serverCert"], None))
    with pytest.raises(ValueError, match="^cannot read tls cert /nonexistent/c.pem: No such file or directory$"):
        polyrpc.create_server([GREETER], tls=polyrpc.ServerTls("/nonexistent/c.pem", certs["serverKey"]))
    with pytest.raises(ValueError, match="^tls ca is not PEM \\(no -----BEGIN line\\)$"):
        polyrpc.create_channel("localhost:1", tls=polyrpc.ClientTls(ca=b"junk"))
    with pytest.raises(ValueError, match="^tls: key given without cert$"):
        polyrpc.create_channel("localhost:1", tls=polyrpc.ClientTls(key=certs["clientKey"]))
    with pytest.raises(ValueError, match="^create_channel: token is empty or contains whitespace$"):
        polyrpc.create_channel("localhost:1", token="a b")
    with pytest.raises(ValueError, match="^bearer_token_auth: no tokens given$"):
        polyrpc.bearer_token_auth([])
    with pytest.raises(TypeError, match="^services: expected service\\(add_XServicer_to_server, servicer\\), got 'Greeter'$"):
        polyrpc.create_server(["Greeter"])


SERVER_SCRIPT = """
# As a shell's background job (`python script.py &`) starts: with SIGINT ignored, which must not keep it running.
import signal
signal.signal(signal.SIGINT, signal.SIG_IGN)
import time
import polyrpc
from polyrpc_stubs.helloworld import hello_pb2, hello_pb2_grpc

class Greeter(hello_pb2_grpc.GreeterServicer):
    def SayHello(self, request, context):
        time.sleep(float(request.name))
        return hello_pb2.HelloReply(message=f"slept {request.name}")

server = polyrpc.create_server([polyrpc.service(hello_pb2_grpc.add_GreeterServicer_to_server, Greeter())])
server.serve_until_signal(0, "127.0.0.1")
print("stopped", flush=True)
"""


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_stops_the_server_after_in_flight_calls(spawn, signum):
    process = spawn(SERVER_SCRIPT)
    banner = process.first_line()
    assert banner.startswith("listening on 127.0.0.1:")
    with polyrpc.create_channel(banner.removeprefix("listening on ")) as channel:
        future = polyrpc_stub_future(channel, "1")
        assert hello(channel, "0") == "slept 0"  # serving; the 1 s call is in flight
        process.proc.send_signal(signum)
        assert future.result().message == "slept 1"  # the grace period lets it finish
    assert process.proc.wait(15) == 0
    assert process.proc.stdout.read() == "stopped\n"


def polyrpc_stub_future(channel, name):
    from polyrpc_stubs.helloworld import hello_pb2, hello_pb2_grpc

    return hello_pb2_grpc.GreeterStub(channel).SayHello.future(hello_pb2.HelloRequest(name=name), timeout=RPC_TIMEOUT)


def test_the_limits_file_is_the_one_the_typescript_server_reads(tmp_path):
    path = tmp_path / "limits.json"
    path.write_text(json.dumps({"maxSendMessageBytes": MIB, "keepalive": {"timeMs": 1000}}))
    config = polyrpc.load_limits_config(str(path))
    assert polyrpc.server_options_from_limits(config) == [("grpc.max_send_message_length", MIB), ("grpc.keepalive_time_ms", 1000)]
    path.write_text('{"maxSendMessageBytes": -1}')
    with pytest.raises(ValueError, match=f"^config {path}: maxSendMessageBytes: expected an integer from 0 to 2147483647, got -1$"):
        polyrpc.load_limits_config(str(path))
