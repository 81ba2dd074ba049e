"""Shared fixtures: throwaway certificates, a Greeter servicer (grpcio and grpc.aio) whose replies a test can
steer through the request name, and helpers to run a Python script as a server process.

Every server listens on 127.0.0.1 port 0; every process a test starts is killed at teardown if still running.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import grpc
import pytest
from google.rpc import error_details_pb2

import polyrpc
import polyrpc.aio
from polyrpc_stubs.helloworld import hello_pb2, hello_pb2_grpc

PACKAGE_DIR = Path(__file__).resolve().parents[1]
REPO = PACKAGE_DIR.parents[1]
NODE = os.environ.get("POLYRPC_NODE") or shutil.which("node")
TOKEN = "py-token-5b1e"
RPC_TIMEOUT = 10


@pytest.fixture(scope="session")
def certs(tmp_path_factory):
    """CA, server (localhost, 127.0.0.1), client and other-CA certificates from tools/devkit/bin/test-certs.mjs."""
    assert NODE, "node is needed to make test certificates (set POLYRPC_NODE or put node on PATH)"
    directory = tmp_path_factory.mktemp("certs")
    out = subprocess.run([NODE, str(REPO / "tools" / "devkit" / "bin" / "test-certs.mjs"), str(directory)], capture_output=True, text=True, timeout=60, check=True)
    return json.loads(out.stdout)


def reply_for(name: str) -> str:
    """The Greeter's reply. Both Greeters steer by request name: `sleep <s>` sleeps first, `bad ...` answers
    INVALID_ARGUMENT with a google.rpc.BadRequest detail."""
    return f"Hello, {name}"


BAD = "name must not start with bad"


def bad_request(field: str) -> error_details_pb2.BadRequest:
    return error_details_pb2.BadRequest(field_violations=[error_details_pb2.BadRequest.FieldViolation(field=field, description=BAD)])


class Greeter(hello_pb2_grpc.GreeterServicer):
    def SayHello(self, request, context):
        if request.name.startswith("sleep "):
            time.sleep(float(request.name.split()[1]))
        if request.name.startswith("bad "):
            polyrpc.abort_with_details(context, grpc.StatusCode.INVALID_ARGUMENT, f"invalid name: {request.name}", [bad_request("name")])
        return hello_pb2.HelloReply(message=reply_for(request.name))


class AsyncGreeter(hello_pb2_grpc.GreeterServicer):
    async def SayHello(self, request, context):
        if request.name.startswith("sleep "):
            await asyncio.sleep(float(request.name.split()[1]))
        if request.name.startswith("bad "):
            await polyrpc.aio.abort_with_details(context, grpc.StatusCode.INVALID_ARGUMENT, f"invalid name: {request.name}", [bad_request("name")])
        return hello_pb2.HelloReply(message=reply_for(request.name))


GREETER = polyrpc.service(hello_pb2_grpc.add_GreeterServicer_to_server, Greeter())


def hello(channel, name="py", **kwargs) -> str:
    """SayHello's reply message, or `CODE: details`."""
    kwargs.setdefault("timeout", RPC_TIMEOUT)
    try:
        return hello_pb2_grpc.GreeterStub(channel).SayHello(hello_pb2.HelloRequest(name=name), **kwargs).message
    except grpc.RpcError as e:
        return f"{e.code().name}: {e.details()}"


async def hello_async(channel, name="py", **kwargs) -> str:
    kwargs.setdefault("timeout", RPC_TIMEOUT)
    try:
        return (await hello_pb2_grpc.GreeterStub(channel).SayHello(hello_pb2.HelloRequest(name=name), **kwargs)).message
    except grpc.aio.AioRpcError as e:
        return f"{e.code().name}: {e.details()}"


@pytest.fixture
def serve():
    """Starts polyrpc.create_server(...) servers on 127.0.0.1:0; returns (server, port); stops them at teardown."""
    started = []

    def start(*args, **kwargs):
        server = polyrpc.create_server(*args, **kwargs)
        address = server.listen(0, "127.0.0.1")
        started.append(server)
        return server, address.port

    yield start
    for server in started:
        server.shutdown(0)


class Process:
    """A Python script run as a child process, its stdout read line by line."""

    def __init__(self, script: str, cwd: Path) -> None:
        path = cwd / "script.py"
        path.write_text(script)
        self.proc = subprocess.Popen([sys.executable, str(path)], cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def first_line(self) -> str:
        line = self.proc.stdout.readline()
        if not line:
            raise AssertionError(f"no output; exit {self.proc.wait(10)}; stderr: {self.proc.stderr.read()}")
        return line.rstrip("\n")


@pytest.fixture
def spawn(tmp_path):
    started = []

    def start(script: str) -> Process:
        process = Process(script, tmp_path)
        started.append(process)
        return process

    yield start
    for process in started:
        if process.proc.poll() is None:
            process.proc.kill()
        process.proc.wait(15)
