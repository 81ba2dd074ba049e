"""polyrpc.aio: the grpc.aio server and channel with the grpcio twins' options, statuses and messages."""

from __future__ import annotations

import asyncio
import signal

import grpc
import pytest
from conftest import BAD, TOKEN, AsyncGreeter, hello_async
from google.rpc import error_details_pb2
from grpc_health.v1 import health_pb2, health_pb2_grpc

import polyrpc
import polyrpc.aio
from polyrpc_stubs.helloworld import hello_pb2, hello_pb2_grpc

GREETER = polyrpc.service(hello_pb2_grpc.add_GreeterServicer_to_server, AsyncGreeter())


async def health_of(channel, name=""):
    try:
        reply = await health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(service=name), timeout=10)
        return health_pb2.HealthCheckResponse.ServingStatus.Name(reply.status)
    except grpc.aio.AioRpcError as e:
        return f"{e.code().name}: {e.details()}"


def run(scenario, **server_options):
    """Runs scenario(port) against a fresh aio server in a fresh event loop; the server is stopped after."""

    async def main():
        server = polyrpc.aio.create_server([GREETER], **server_options)
        address = await server.listen(0, "127.0.0.1")
        try:
            return await scenario(address.port)
        finally:
            await server.shutdown(0)

    return asyncio.run(main())


def test_serves_with_health_until_shutdown():
    async def scenario(port):
        async with polyrpc.aio.create_channel(f"127.0.0.1:{port}") as channel:
            return [await hello_async(channel, "Ada"), await health_of(channel), await health_of(channel, "Greeter")]

    assert run(scenario) == ["Hello, Ada", "SERVING", "SERVING"]


def test_tls_and_bearer_tokens_with_the_typescript_messages(certs):
    async def scenario(port):
        target, ca = f"localhost:{port}", polyrpc.ClientTls(ca=certs["ca"])
        async with polyrpc.aio.create_channel(target, tls=ca, token=TOKEN) as channel:
            with_token = [await hello_async(channel), await hello_async(channel, metadata=(("authorization", "Bearer nope"),))]
        async with polyrpc.aio.create_channel(target, tls=ca) as channel:
            without = [await hello_async(channel), await hello_async(channel, metadata=(("authorization", "Token x"),)), await health_of(channel)]
        return with_token + without

    tls = polyrpc.ServerTls(cert=certs["serverCert"], key=certs["serverKey"])
    assert run(scenario, tls=tls, auth=polyrpc.bearer_token_auth({TOKEN: "ada"})) == [
        "Hello, py",
        f"UNAUTHENTICATED: {polyrpc.INVALID}",
        f"UNAUTHENTICATED: {polyrpc.MISSING}",
        f"UNAUTHENTICATED: {polyrpc.MALFORMED}",
        "SERVING",
    ]


def test_mutual_tls(certs):
    async def scenario(port):
        full = polyrpc.ClientTls(ca=certs["ca"], cert=certs["clientCert"], key=certs["clientKey"])
        async with polyrpc.aio.create_channel(f"localhost:{port}", tls=full) as channel:
            ok = await hello_async(channel)
        async with polyrpc.aio.create_channel(f"localhost:{port}", tls=polyrpc.ClientTls(ca=certs["ca"])) as channel:
            refused = await hello_async(channel, timeout=5)
        return ok, refused.split(":")[0]

    tls = polyrpc.ServerTls(cert=certs["serverCert"], key=certs["serverKey"], ca=certs["ca"])
    assert run(scenario, tls=tls) == ("Hello, py", "UNAVAILABLE")


def test_permission_denied_and_a_broken_check():
    def check(token, method, metadata):
        if token == "raise":
            raise RuntimeError("down")
        return (None, "ok") if token == "ok" else (grpc.StatusCode.PERMISSION_DENIED, None)

    async def scenario(port):
        replies = []
        for token in ("ok", "no", "raise"):
            async with polyrpc.aio.create_channel(f"127.0.0.1:{port}", token=token) as channel:
                replies.append(await hello_async(channel))
        return replies

    assert run(scenario, auth=check) == ["Hello, py", "PERMISSION_DENIED: permission denied for /Greeter/SayHello", f"UNAVAILABLE: {polyrpc.CHECK_FAILED}"]


def test_limits_and_default_deadlines():
    limits = polyrpc.parse_limits_config({"maxReceiveMessageBytes": 1024, "methodTimeoutsMs": {"Greeter": 300}})

    async def scenario(port):
        async with polyrpc.aio.create_channel(f"127.0.0.1:{port}", limits=limits) as channel:
            return [await hello_async(channel, "x" * 2000), await hello_async(channel, "sleep 1", timeout=None), await hello_async(channel, "sleep 0.5", timeout=5)]

    assert run(scenario, limits=limits) == [
        "RESOURCE_EXHAUSTED: SERVER: Received message larger than max (2003 vs. 1024)",
        "DEADLINE_EXCEEDED: Deadline Exceeded",
        "Hello, sleep 0.5",
    ]


def test_rich_errors():
    async def scenario(port):
        async with polyrpc.aio.create_channel(f"127.0.0.1:{port}") as channel:
            call = hello_pb2_grpc.GreeterStub(channel).SayHello(hello_pb2.HelloRequest(name="bad x"), timeout=10)
            with pytest.raises(grpc.aio.AioRpcError) as raised:
                await call
            return await polyrpc.aio.read_status(call), polyrpc.aio.read_status(raised.value)

    from_call, from_error = run(scenario)
    status = from_call
    assert (status.code, status.message) == (grpc.StatusCode.INVALID_ARGUMENT.value[0], "invalid name: bad x")
    assert asyncio.run(from_error) == status
    [detail] = polyrpc.unpack_details(status, error_details_pb2.BadRequest)
    assert [(v.field, v.description) for v in detail.field_violations] == [("name", BAD)]


def test_an_undecodable_request_is_answered_as_grpcio_answers_it(caplog):
    async def scenario(port):
        async with polyrpc.aio.create_channel(f"127.0.0.1:{port}") as channel:
            raw = channel.unary_unary("/Greeter/SayHello")  # bytes in, bytes out
            try:
                await raw(b"\xff\xff\xff", timeout=10)
            except grpc.aio.AioRpcError as e:
                bad = f"{e.code().name}: {e.details()}"
            return bad, await hello_async(channel, "still there")

    assert run(scenario) == ("INTERNAL: Exception deserializing request!", "Hello, still there")
    assert "cannot decode a request for /Greeter/SayHello" in caplog.text


SERVER_SCRIPT = """
# As a shell's background job (`python script.py &`) starts: with SIGINT ignored, which must not keep it running.
import signal
signal.signal(signal.SIGINT, signal.SIG_IGN)
import asyncio
import polyrpc
import polyrpc.aio
from polyrpc_stubs.helloworld import hello_pb2, hello_pb2_grpc

class Greeter(hello_pb2_grpc.GreeterServicer):
    async def SayHello(self, request, context):
        await asyncio.sleep(float(request.name))
        return hello_pb2.HelloReply(message=f"slept {request.name}")

async def main():
    server = polyrpc.aio.create_server([polyrpc.service(hello_pb2_grpc.add_GreeterServicer_to_server, Greeter())])
    await server.serve_until_signal(0, "127.0.0.1")
    print("stopped", flush=True)

asyncio.run(main())
"""


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_stops_the_aio_server_after_in_flight_calls(spawn, signum):
    process = spawn(SERVER_SCRIPT)
    banner = process.first_line()
    assert banner.startswith("listening on 127.0.0.1:")

    async def scenario():
        async with polyrpc.aio.create_channel(banner.removeprefix("listening on ")) as channel:
            slow = asyncio.ensure_future(hello_async(channel, "1"))
            first = await hello_async(channel, "0")
            process.proc.send_signal(signum)
            return first, await slow

    assert asyncio.run(scenario()) == ("slept 0", "slept 1")
    assert process.proc.wait(15) == 0
    assert process.proc.stdout.read() == "stopped\n"
