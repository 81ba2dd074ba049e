"""The Python side of the interop matrix: every case against the Python server, and the metadata echo."""

import json
import subprocess
import sys

import grpc
import pytest

from conftest import start_in_process
from polyrpc_interop.matrix_client import CASES, run_case
from polyrpc_stubs.helloworld import hello_pb2, hello_pb2_grpc


@pytest.fixture(scope="module")
def interop_channel():
    server, port = start_in_process(push_interval=0.05, interop=True)
    try:
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            yield channel, port
    finally:
        server.stop(None).wait(10)


def test_every_case_of_the_spec_is_implemented():
    with open("../CASES.md", encoding="utf-8") as f:
        documented = [line.split("`")[1] for line in f if line.startswith("| `")]
    assert list(CASES) == documented


def test_cases_produce_the_expected_outcomes(interop_channel):
    channel, _ = interop_channel
    outcome = {name: run_case(channel, name, "py") for name in CASES}
    errors = {name: r["error"] for name, r in outcome.items() if "error" in r}
    assert errors == {}
    assert outcome["greeter.say_hello"]["outcome"] == {"messages": ["Hello, World", "Hello, 世界"]}
    assert outcome["routeguide.record_route"]["outcome"]["point_count"] == 101
    assert outcome["routeguide.record_route"]["outcome"]["feature_count"] == 100
    assert outcome["routeguide.route_chat"]["outcome"] == {"received": ["First message@0,0", "Third message@1,0"]}
    assert outcome["indicator_graph.chunk_size"]["outcome"]["chunks_full"] is True
    assert outcome["errors.custom_metadata"]["outcome"]["unary"] == {"initial": "test_initial_metadata_value", "trailing_bin": "ababab"}
    assert outcome["errors.custom_metadata"]["outcome"]["server_streaming"]["trailing_bin"] == "ababab"
    assert outcome["errors.deadline_exceeded"]["outcome"] == {"code": "DEADLINE_EXCEEDED"}
    assert outcome["errors.cancel_after_first_response"]["outcome"] == {"code": "CANCELLED", "received": 1}
    assert outcome["errors.unimplemented_service"]["outcome"] == {"code": "UNIMPLEMENTED"}


def test_echo_is_off_without_interop(channel):
    _, call = hello_pb2_grpc.GreeterStub(channel).SayHello.with_call(
        hello_pb2.HelloRequest(name="x"), metadata=(("x-grpc-test-echo-initial", "v"),), timeout=5
    )
    assert "x-grpc-test-echo-initial" not in dict(call.initial_metadata())


def test_command_line_prints_one_json_line_per_case(interop_channel):
    _, port = interop_channel
    result = subprocess.run(
        [sys.executable, "-m", "polyrpc_interop.matrix_client", "--target", f"127.0.0.1:{port}", "--case", "firstmsg.failure", "--case", "errors.unimplemented_method"],
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["case"] for line in lines] == ["firstmsg.failure", "errors.unimplemented_method"]
    assert lines[0]["outcome"] == {"content": '{"code": 500, "data": "failure"}'}
    assert lines[1]["outcome"] == {"code": "UNIMPLEMENTED"}


def test_unknown_case_is_a_usage_error():
    result = subprocess.run(
        [sys.executable, "-m", "polyrpc_interop.matrix_client", "--target", "127.0.0.1:1", "--case", "nope.nope"],
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 2
    assert "unknown case nope.nope" in result.stderr
