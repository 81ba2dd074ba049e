"""The generated stubs are typed (_pb2.pyi from grpcio-tools, _pb2_grpc.pyi from mypy-protobuf): a correct
user program passes `mypy --strict` and pyright's strict mode, sync and asyncio, and a wrong field, return type
or servicer reply is reported by both."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

# pyright is a devDependency of this package's package.json (npm), installed by pnpm with the workspace.
PYRIGHT = Path(__file__).resolve().parents[1] / "node_modules" / ".bin" / "pyright"

GOOD = '''
import grpc
import grpc.aio

from polyrpc_stubs.helloworld import hello_pb2, hello_pb2_grpc
from polyrpc_stubs.routeguide import route_guide_pb2, route_guide_pb2_grpc


class Greeter(hello_pb2_grpc.GreeterServicer):
    def SayHello(self, request: hello_pb2.HelloRequest, context: grpc.ServicerContext) -> hello_pb2.HelloReply:
        return hello_pb2.HelloReply(message=f"Hello, {request.name}")


def greet(channel: grpc.Channel, name: str) -> str:
    reply = hello_pb2_grpc.GreeterStub(channel).SayHello(hello_pb2.HelloRequest(name=name), timeout=5)
    return reply.message


def features(channel: grpc.Channel) -> list[str]:
    area = route_guide_pb2.Rectangle(lo=route_guide_pb2.Point(latitude=1), hi=route_guide_pb2.Point(latitude=2))
    return [f.name for f in route_guide_pb2_grpc.RouteGuideStub(channel).ListFeatures(area)]


async def greet_async(channel: grpc.aio.Channel, name: str) -> str:
    reply = await hello_pb2_grpc.GreeterStub(channel).SayHello(hello_pb2.HelloRequest(name=name))
    return reply.message
'''

BAD = '''
import grpc

from polyrpc_stubs.helloworld import hello_pb2, hello_pb2_grpc


class Greeter(hello_pb2_grpc.GreeterServicer):
    def SayHello(self, request: hello_pb2.HelloRequest, context: grpc.ServicerContext) -> hello_pb2.HelloRequest:
        return hello_pb2.HelloRequest(name=request.name)


def greet(channel: grpc.Channel, name: str) -> int:
    reply = hello_pb2_grpc.GreeterStub(channel).SayHello(hello_pb2.HelloRequest(nam=name), timeout=5)
    return reply.message
'''


def mypy_strict(tmp_path, source: str) -> tuple[int, list[str]]:
    """mypy --strict's exit code and its error lines (`line: message  [code]`) for source."""
    (tmp_path / "program.py").write_text(source)
    run = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-error-summary", "--cache-dir", str(tmp_path / "cache"), "program.py"],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
    )
    errors = [line.split(":", 1)[1].replace(" error: ", " ", 1) for line in run.stdout.splitlines() if ": error: " in line]
    return run.returncode, errors


def test_a_correct_program_passes_mypy_strict(tmp_path):
    assert mypy_strict(tmp_path, GOOD) == (0, [])


def test_a_wrong_field_and_wrong_types_are_errors(tmp_path):
    code, errors = mypy_strict(tmp_path, BAD)
    assert code == 1
    assert errors == [
        '8: Return type "HelloRequest" of "SayHello" incompatible with return type "HelloReply | Awaitable[HelloReply]" in supertype "polyrpc_stubs.helloworld.hello_pb2_grpc.GreeterServicer"  [override]',
        '13: Unexpected keyword argument "nam" for "HelloRequest"; did you mean "name"?  [call-arg]',
        '14: Incompatible return value type (got "str", expected "int")  [return-value]',
    ]


def pyright_strict(tmp_path, source: str) -> tuple[int, list[str]]:
    """pyright's exit code and its errors (`line: rule`) for source, in strict mode, with this venv's packages."""
    assert PYRIGHT.exists(), f"{PYRIGHT} is missing; run ./dev.sh (pnpm installs pyright with the workspace)"
    (tmp_path / "program.py").write_text(source)
    (tmp_path / "pyrightconfig.json").write_text(json.dumps({"typeCheckingMode": "strict"}))
    run = subprocess.run(
        [str(PYRIGHT), "--pythonpath", sys.executable, "--outputjson", "program.py"],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
    )
    report = json.loads(run.stdout)
    errors = [f"{d['range']['start']['line'] + 1}: {d['rule']}" for d in report["generalDiagnostics"] if d["severity"] == "error"]
    return run.returncode, errors


def test_a_correct_program_passes_pyright_strict(tmp_path):
    assert pyright_strict(tmp_path, GOOD) == (0, [])


def test_pyright_reports_the_wrong_field_and_wrong_types(tmp_path):
    assert pyright_strict(tmp_path, BAD) == (
        1,
        ["8: reportIncompatibleMethodOverride", "13: reportCallIssue", "14: reportReturnType"],
    )
