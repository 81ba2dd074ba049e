"""TLS, mutual TLS, bearer-token auth and the shared limits config across the language boundary: the Python
client against the TypeScript server (polyrpc-server, started with the flags serve_all also takes), plus the
Python side's own config checks and logging. The TypeScript client against serve_all is
interop/src/security/*.test.ts."""

import json
import logging
import os
import re
import shutil
import sys
import subprocess
import threading
import time

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

from helpers import INTEROP_DIR, RPC_TIMEOUT, Spawned
import polyrpc
from polyrpc_interop.serve_all import create_server, tls_from_flags
from polyrpc_stubs.contact import contact_pb2, contact_pb2_grpc
from polyrpc_stubs.helloworld import hello_pb2, hello_pb2_grpc

REPO = INTEROP_DIR.parents[1]
NODE = os.environ.get("POLYRPC_NODE") or shutil.which("node")
TOKEN = "py-client-token-31c7"
MIB = 1024 * 1024
RAISED = {"maxReceiveMessageBytes": 8 * MIB, "maxSendMessageBytes": 5 * MIB, "maxConcurrentStreams": 2}
LISTENING = re.compile(r"^listening on (127\.0\.0\.1:\d+)$")


@pytest.fixture(scope="module")
def certs(tmp_path_factory):
    """Throwaway CA, server, client and other-CA certificates, made by tools/devkit/bin/test-certs.mjs."""
    assert NODE, "node is needed to run the TypeScript server (set POLYRPC_NODE or put node on PATH)"
    directory = tmp_path_factory.mktemp("certs")
    out = subprocess.run([NODE, str(REPO / "tools" / "devkit" / "bin" / "test-certs.mjs"), str(directory)], capture_output=True, text=True, timeout=60, check=True)
    return json.loads(out.stdout)


@pytest.fixture(scope="module")
def ts_servers(certs, tmp_path_factory):
    """polyrpc-server four times: TLS with a token file, mutual TLS, raised limits, and defaults."""
    directory = tmp_path_factory.mktemp("ts-servers")
    (directory / "tokens").write_text(f"{TOKEN}\n")
    (directory / "limits.json").write_text(json.dumps(RAISED))
    bin_path = str(REPO / "packages" / "server" / "bin" / "polyrpc-server.js")
    tls_args = ["--tls-cert", certs["serverCert"], "--tls-key", certs["serverKey"]]
    variants = {
        "tls": tls_args + ["--auth-token-file", str(directory / "tokens")],
        "mtls": tls_args + ["--tls-ca", certs["ca"]],
        "limited": ["--config", str(directory / "limits.json")],
        "plain": [],
    }
    started = {name: Spawned([NODE, bin_path, "--host", "127.0.0.1", "--port", "0", "--push-interval", "0.2", *args]) for name, args in variants.items()}
    try:
        yield {name: LISTENING.match(p.wait_for(LISTENING.match)).group(1) for name, p in started.items()}
    finally:
        for process in started.values():
            process.stop()


def hello(channel, metadata=None):
    """SayHello: the reply's message, or `CODE: details`."""
    try:
        return hello_pb2_grpc.GreeterStub(channel).SayHello(hello_pb2.HelloRequest(name="ts"), timeout=RPC_TIMEOUT, metadata=metadata).message
    except grpc.RpcError as e:
        return f"{e.code().name}: {e.details()}"


def secure(target, certs, ca="ca", client_cert=False, options=()):
    tls = polyrpc.ClientTls(certs[ca], certs["clientCert"] if client_cert else None, certs["clientKey"] if client_cert else None)
    return polyrpc.create_channel(target, tls=tls, options=options)


def test_tls_with_a_token_reaches_the_typescript_server(ts_servers, certs):
    with secure(ts_servers["tls"], certs) as channel:
        assert hello(channel, (("authorization", f"Bearer {TOKEN}"),)) == "Hello, ts"


def test_a_client_trusting_another_ca_is_refused_with_the_handshake_reason(ts_servers, certs):
    with secure(ts_servers["tls"], certs, ca="otherCa") as channel:
        outcome = hello(channel, (("authorization", f"Bearer {TOKEN}"),))
    assert outcome.startswith("UNAVAILABLE: ")
    assert "CERTIFICATE_VERIFY_FAILED" in outcome or "handshake" in outcome.lower(), outcome


def test_the_typescript_server_answers_unauthenticated_with_the_python_messages(ts_servers, certs):
    with secure(ts_servers["tls"], certs) as channel:
        assert hello(channel) == f"UNAUTHENTICATED: {polyrpc.MISSING}"
        assert hello(channel, (("authorization", "Bearer wrong"),)) == f"UNAUTHENTICATED: {polyrpc.INVALID}"
        assert hello(channel, (("authorization", f"Basic {TOKEN}"),)) == f"UNAUTHENTICATED: {polyrpc.MALFORMED}"
        health = health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(), timeout=RPC_TIMEOUT)
        assert health.status == health_pb2.HealthCheckResponse.SERVING


def test_mutual_tls_admits_a_client_certificate_and_refuses_none(ts_servers, certs):
    with secure(ts_servers["mtls"], certs, client_cert=True) as channel:
        assert hello(channel) == "Hello, ts"
    with secure(ts_servers["mtls"], certs) as channel:
        assert hello(channel).startswith("UNAVAILABLE: ")


def point_of_size(size):
    """A routeguide.Point of exactly size bytes: latitude 1 and an unknown field 15 as padding."""
    pad = size - 7
    return bytes([8, 1, 0x7A, (pad & 0x7F) | 0x80, ((pad >> 7) & 0x7F) | 0x80, ((pad >> 14) & 0x7F) | 0x80, pad >> 21]) + b"a" * pad


def outcome(fn):
    try:
        fn()
        return "OK"
    except grpc.RpcError as e:
        return e.code().name


def serving(channel):
    return health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(), timeout=RPC_TIMEOUT).status == 1


def test_default_and_raised_receive_limits_hold_at_the_limit_and_one_byte_over(ts_servers):
    # GetFeature echoes the point, unknown field and all, so the client's own receive limit is raised.
    with grpc.insecure_channel(ts_servers["plain"], options=polyrpc.channel_options_from_limits({"maxReceiveMessageBytes": 16 * MIB})) as channel:
        get = channel.unary_unary("/routeguide.RouteGuide/GetFeature")
        assert outcome(lambda: get(point_of_size(4 * MIB), timeout=RPC_TIMEOUT)) == "OK"
        assert outcome(lambda: get(point_of_size(4 * MIB + 1), timeout=RPC_TIMEOUT)) == "RESOURCE_EXHAUSTED"
        assert serving(channel)
    with grpc.insecure_channel(ts_servers["limited"]) as channel:
        record = channel.stream_unary("/routeguide.RouteGuide/RecordRoute")
        assert outcome(lambda: record(iter([point_of_size(8 * MIB)]), timeout=RPC_TIMEOUT)) == "OK"
        assert outcome(lambda: record(iter([point_of_size(8 * MIB + 1)]), timeout=RPC_TIMEOUT)) == "RESOURCE_EXHAUSTED"
        assert serving(channel)


def test_the_send_limit_lets_a_reply_of_exactly_its_size_through_and_no_more(ts_servers):
    # HelloReply{message: "Hello, " + name} takes 1 + 4 + 7 + len(name) bytes.
    with grpc.insecure_channel(ts_servers["limited"], options=polyrpc.channel_options_from_limits({"maxReceiveMessageBytes": 16 * MIB})) as channel:
        stub = hello_pb2_grpc.GreeterStub(channel)
        reply = stub.SayHello(hello_pb2.HelloRequest(name="n" * (5 * MIB - 12)), timeout=RPC_TIMEOUT)
        assert len(reply.message) == 5 * MIB - 5
        assert outcome(lambda: stub.SayHello(hello_pb2.HelloRequest(name="n" * (5 * MIB - 11)), timeout=RPC_TIMEOUT)) == "RESOURCE_EXHAUSTED"
        assert serving(channel)


def test_a_third_call_waits_while_two_streams_hold_a_connection_limited_to_two(ts_servers):
    with grpc.insecure_channel(ts_servers["limited"]) as channel:
        contact = contact_pb2_grpc.ContactStub(channel)
        streams = [contact.getTask(contact_pb2.Empty(), timeout=60) for _ in range(2)]
        try:
            for stream in streams:
                next(stream)  # both are open and pushing
            third = hello_pb2_grpc.GreeterStub(channel).SayHello.future(hello_pb2.HelloRequest(name="third"), timeout=60)
            time.sleep(1.5)
            assert not third.done(), "the third call waits for a free stream"
            streams[0].cancel()
            assert third.result(timeout=30).message == "Hello, third"
        finally:
            for stream in streams:
                stream.cancel()


def hold_with_pings(target, ping_ms, hold_seconds):
    """Keeps a RecordRoute call open without points while the client pings every ping_ms; `OK <count>` if it
    survived hold_seconds, else `CODE: details`."""
    options = polyrpc.channel_options_from_limits({"keepalive": {"timeMs": ping_ms, "timeoutMs": 5000}})
    release = threading.Event()

    def nothing_until_released():
        release.wait(hold_seconds)
        return
        yield  # a generator that sends no point

    with grpc.insecure_channel(target, options=options) as channel:
        record = channel.stream_unary("/routeguide.RouteGuide/RecordRoute", response_deserializer=lambda b: b)
        try:
            return f"OK {len(record(nothing_until_released(), timeout=hold_seconds + 30))}"
        except grpc.RpcError as e:
            return f"{e.code().name}: {e.details()}"


def test_keepalive_pings_from_python_are_accepted_by_the_typescript_server(ts_servers):
    # grpc-js servers have no ping policy: even 100 ms pings get no too_many_pings GOAWAY. (serve_all
    # does police them: interop/src/security/limits.test.ts.) Either way the call ends with its summary.
    assert hold_with_pings(ts_servers["limited"], 1500, 3.5).startswith("OK ")
    assert hold_with_pings(ts_servers["limited"], 100, 2).startswith("OK ")


def test_the_default_deadline_of_the_config_ends_a_stream_with_deadline_exceeded(ts_servers):
    config = {"methodTimeoutsMs": {"Contact/getTask": 700, "Greeter": 60000}}
    started = time.monotonic()
    received = 0
    with polyrpc.create_channel(ts_servers["plain"], limits=polyrpc.parse_limits_config(config)) as channel:
        with pytest.raises(grpc.RpcError) as raised:
            for _ in contact_pb2_grpc.ContactStub(channel).getTask(contact_pb2.Empty()):
                received += 1
        assert hello(channel) == "Hello, ts"  # the service-wide default applies too, and is long enough
    assert raised.value.code() == grpc.StatusCode.DEADLINE_EXCEEDED
    assert time.monotonic() - started >= 0.69
    assert received >= 1


def test_serve_all_names_half_given_tls_flags():
    with pytest.raises(ValueError, match="^--tls-ca given without --tls-cert and --tls-key$"):
        tls_from_flags(None, None, "ca.pem")
    assert tls_from_flags("c.pem", "k.pem", None) == polyrpc.ServerTls("c.pem", "k.pem")
    with pytest.raises(ValueError, match="^tls: key given without cert$"):
        create_server("127.0.0.1", 0, tls=tls_from_flags(None, "k.pem", None))
    with pytest.raises(ValueError, match="^cannot read tls cert /nonexistent/c.pem: No such file or directory$"):
        create_server("127.0.0.1", 0, tls=tls_from_flags("/nonexistent/c.pem", "/nonexistent/k.pem", None))


def test_the_python_interceptor_never_logs_the_token(caplog):
    def broken(token, method, metadata):
        raise RuntimeError("token directory unreachable")

    server, port = create_server("127.0.0.1", 0, auth=broken)
    server.start()
    try:
        with caplog.at_level(logging.DEBUG), grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            assert hello(channel, (("authorization", f"Bearer {TOKEN}"),)) == f"UNAVAILABLE: {polyrpc.CHECK_FAILED}"
    finally:
        server.stop(None).wait(10)
    assert "authentication check failed for /Greeter/SayHello" in caplog.text
    assert "token directory unreachable" in caplog.text
    assert TOKEN not in caplog.text


def run_matrix_client(target, *flags):
    """polyrpc_interop.matrix_client with flags, for greeter.say_hello and routeguide.route_chat (unary and
    bidi); returns {case: outcome or error}."""
    cases = ["--case", "greeter.say_hello", "--case", "routeguide.route_chat"]
    out = subprocess.run(
        [sys.executable, "-m", "polyrpc_interop.matrix_client", "--target", target, *cases, *flags],
        capture_output=True, text=True, timeout=120,
    )
    return {r["case"]: r.get("outcome", r.get("error")) for r in map(json.loads, out.stdout.splitlines())}


def test_the_matrix_client_runs_its_cases_over_tls_with_a_token(ts_servers, certs, tmp_path):
    (tmp_path / "token").write_text(f"{TOKEN}\n")
    results = run_matrix_client(ts_servers["tls"], "--ca", certs["ca"], "--token-file", str(tmp_path / "token"))
    assert results == {
        "greeter.say_hello": {"messages": ["Hello, World", "Hello, 世界"]},
        "routeguide.route_chat": {"received": ["First message@0,0", "Third message@1,0"]},
    }
    refused = run_matrix_client(ts_servers["tls"], "--ca", certs["ca"])
    assert all("UNAUTHENTICATED" in str(r) for r in refused.values()), refused


def test_the_matrix_client_runs_its_cases_over_mutual_tls(ts_servers, certs):
    results = run_matrix_client(ts_servers["mtls"], "--ca", certs["ca"], "--cert", certs["clientCert"], "--key", certs["clientKey"])
    assert results["greeter.say_hello"] == {"messages": ["Hello, World", "Hello, 世界"]}


def test_the_python_interceptor_answers_permission_denied_and_refuses_streams_too():
    def only_greeter(token, method, metadata):
        if token != TOKEN:
            return grpc.StatusCode.UNAUTHENTICATED, polyrpc.INVALID
        return (None, "alice") if method.startswith("/Greeter/") else (grpc.StatusCode.PERMISSION_DENIED, None)

    server, port = create_server("127.0.0.1", 0, auth=only_greeter)
    server.start()
    try:
        with grpc.insecure_channel(f"127.0.0.1:{port}") as plain, polyrpc.create_channel(f"127.0.0.1:{port}", token=TOKEN) as channel:
            assert hello(channel) == "Hello, ts"
            with pytest.raises(grpc.RpcError) as raised:
                next(contact_pb2_grpc.ContactStub(channel).getTask(contact_pb2.Empty(), timeout=RPC_TIMEOUT))
            assert (raised.value.code(), raised.value.details()) == (grpc.StatusCode.PERMISSION_DENIED, "permission denied for /Contact/getTask")
            with pytest.raises(grpc.RpcError) as raised:
                next(contact_pb2_grpc.ContactStub(plain).getTask(contact_pb2.Empty(), timeout=RPC_TIMEOUT))
            assert (raised.value.code(), raised.value.details()) == (grpc.StatusCode.UNAUTHENTICATED, polyrpc.INVALID)
    finally:
        server.stop(None).wait(10)
