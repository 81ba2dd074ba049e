"""Each example's client.py against serve_all, and each example's server.py with its own client."""

import os
import re
import shlex
import signal
import socket
import sys

import grpc
import pytest
from google.protobuf import text_format

from helpers import INTEROP_DIR, PROCESS_TIMEOUT, PUSH_INTERVAL, RPC_TIMEOUT, Spawned, run_script
from polyrpc_stubs.idc import indicator_pb2, indicator_pb2_grpc

LISTENING = re.compile(r"listening on 127\.0\.0\.1:(\d+)")
STATUS_LINE = re.compile(r"服务端接收到消息:数据:(\d+)")
TASK_LINE = re.compile(r"客户端已接收到服务端任务:(任务:(\d+))")


@pytest.fixture(scope="module")
def serve_all():
    """serve_all as its own process: (process, target)."""
    process = Spawned(
        [
            sys.executable,
            "-m",
            "polyrpc_interop.serve_all",
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--push-interval",
            str(PUSH_INTERVAL),
        ]
    )
    try:
        port = int(LISTENING.fullmatch(process.wait_for(LISTENING.fullmatch)).group(1))
        yield process, f"127.0.0.1:{port}"
    finally:
        assert process.stop() == 0


def run_client(example, target, *args, cwd=None):
    result = run_script(f"{example}/client.py", "--target", target, *args, cwd=cwd)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stderr == ""
    return result.stdout


def check_greeter(out, target, tmp_path):
    assert out == "Hello, World\n"


def check_firstmsg(out, target, tmp_path):
    assert out == (
        'response content : {"code": 200, "data": "success"}\n'
        'response content : {"code": 500, "data": "failure"}\n'
    )


def check_routeguide(out, target, tmp_path):
    lines = out.splitlines()
    headers = [line for line in lines if line.startswith("--------------")]
    sections = ("GetFeature", "ListFeatures", "RecordRoute", "RouteChat")
    assert headers == [f"-------------- {name} --------------" for name in sections]
    assert "Feature called Berkshire Valley Management Area Trail, Jefferson, NJ, USA at latitude: 409146138" in lines
    assert "Found no feature at " in lines  # Point(0, 0) prints as empty text
    listed = lines[lines.index("Looking for features between 40, -75 and 42, -73") : lines.index(headers[2])]
    assert sum(line.startswith("Feature called ") for line in listed) == 100
    assert sum(line.startswith("Visiting point latitude: ") for line in lines) == 10
    assert "Finished trip with 10 points " in lines
    assert "Passed 10 features " in lines  # every visited point is a db location
    assert any(re.fullmatch(r"Travelled \d+ meters ", line) for line in lines)
    assert "It took 0 seconds " in lines
    received = [line for line in lines if line.startswith("Received message ")]
    assert received == ["Received message First message at ", "Received message Third message at latitude: 1"]


def check_indicator(out, target, tmp_path):
    header, text = out.split("\n", 1)
    assert header == "indicator client received: "
    printed = text_format.Parse(text, indicator_pb2.MACDReply())
    with grpc.insecure_channel(target) as channel:
        direct = indicator_pb2_grpc.IndicatorStub(channel).GetMACD(
            indicator_pb2.MACDRequest(start_date="2023-01-01", end_date="2023-12-31"), timeout=RPC_TIMEOUT
        )
    assert printed == direct and len(printed.macd) > 200


def check_indicator_graph(out, target, tmp_path):
    assert out == "indicator client received: \n"
    png = (tmp_path / "received_macd.png").read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert (int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")) == (1000, 600)


CHECKS = {
    "greeter": check_greeter,
    "firstmsg": check_firstmsg,
    "routeguide": check_routeguide,
    "indicator": check_indicator,
    "indicator_graph": check_indicator_graph,
}


@pytest.mark.parametrize("example", CHECKS)
def test_client_against_serve_all(serve_all, example, tmp_path):
    _, target = serve_all
    CHECKS[example](run_client(example, target, cwd=tmp_path), target, tmp_path)


def test_contact_client_rounds_against_serve_all(serve_all):
    server, target = serve_all
    out = run_client("contact", target, "--rounds", "2")
    lines = [line for line in out.splitlines() if line]
    statuses = [STATUS_LINE.fullmatch(line) for line in lines if line.startswith("服务端接收到消息")]
    assert len(statuses) == 15 and all(1 <= int(m.group(1)) <= 20 for m in statuses)
    tasks = [TASK_LINE.fullmatch(line) for line in lines if line.startswith("客户端已接收到服务端任务")]
    assert len(tasks) == 20 and all(100 <= int(m.group(2)) <= 200 for m in tasks)
    assert len(lines) == 35  # nothing else, no error lines
    # The server acknowledges each received task on tellResult.
    for match in tasks:
        ack = f"我已经知道客户端接收到我发过去的任务:客户端接收到任务:{match.group(1)}"
        server.wait_for(lambda line, ack=ack: line == ack, timeout=10)


def test_contact_client_seconds_against_serve_all(serve_all):
    _, target = serve_all
    out = run_client("contact", target, "--seconds", "1")
    assert "err" not in out and "server connected out" not in out
    assert out.count("服务端接收到消息:数据:") == 15


EXAMPLE_SERVERS = {
    "greeter": ([], check_greeter),
    "firstmsg": ([], check_firstmsg),
    "routeguide": ([], check_routeguide),
    "indicator": ([], check_indicator),
    "indicator_graph": ([], check_indicator_graph),
    "contact": (["--push-interval", str(PUSH_INTERVAL)], None),
}


@pytest.mark.parametrize("example", EXAMPLE_SERVERS)
def test_example_server_with_its_client(spawn, example, tmp_path):
    server_args, check = EXAMPLE_SERVERS[example]
    script = INTEROP_DIR / example / "server.py"
    server = spawn([sys.executable, str(script), "--host", "127.0.0.1", "--port", "0", *server_args])
    # The first line says where it listens, the port the OS picked for --port 0.
    port = int(LISTENING.fullmatch(server.wait_for(lambda line: True)).group(1))
    target = f"127.0.0.1:{port}"
    if example == "contact":
        out = run_client("contact", target, "--rounds", "1")
        assert out.count("客户端已接收到服务端任务:任务:") == 10
        server.wait_for(lambda line: line.startswith("我已经知道客户端接收到我发过去的任务:客户端接收到任务:任务:"))
    else:
        check(run_client(example, target, cwd=tmp_path), target, tmp_path)
    assert server.stop() == 0


def port_is_closed(port):
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
@pytest.mark.parametrize("example", [*EXAMPLE_SERVERS, "serve_all"])
def test_server_started_in_the_background_stops_on_a_signal_to_its_pid(example, signum):
    """As a shell script would run it (`server.py & pid=$!; ...; kill -INT $pid`): a background job starts
    with SIGINT ignored, which must not keep the server running."""
    script = "-m polyrpc_interop.serve_all" if example == "serve_all" else shlex.quote(str(INTEROP_DIR / example / "server.py"))
    shell = Spawned(["bash", "-c", f"{shlex.quote(sys.executable)} {script} --host 127.0.0.1 --port 0 & echo pid=$!; wait"])
    pid = None
    try:
        pid = int(shell.wait_for(lambda line: line.startswith("pid=")).removeprefix("pid="))
        port = int(LISTENING.fullmatch(shell.wait_for(LISTENING.fullmatch)).group(1))
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            grpc.channel_ready_future(channel).result(timeout=RPC_TIMEOUT)
        os.kill(pid, signum)
        # bash's `wait` returns the server's exit code: 0 after a graceful stop.
        assert shell.proc.wait(PROCESS_TIMEOUT) == 0, "\n".join(shell.lines)
        assert port_is_closed(port)
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
    finally:
        if pid is not None and shell.proc.poll() is None:
            os.kill(pid, signal.SIGKILL)  # a server that ignored the signal must not outlive the test
        shell.stop(signal.SIGKILL)
