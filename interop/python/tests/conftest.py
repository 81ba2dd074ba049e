"""Shared fixtures: serve_all's server in-process, a channel to it, the TypeScript server (polyrpc-server) as a
process with a channel to it, and reaped subprocesses.

Every server listens on 127.0.0.1 only, every RPC has a deadline, and every process is killed at
teardown if it has not ended by then.
"""

import os
import re
import shutil

import grpc
import pytest

from helpers import INTEROP_DIR, PUSH_INTERVAL, Spawned
from polyrpc_interop.serve_all import create_server


def start_in_process(**options):
    """Starts serve_all's server on 127.0.0.1 with an OS-picked port; returns (server, port)."""
    server, port = create_server("127.0.0.1", 0, **options)
    server.start()
    return server, port


@pytest.fixture(scope="session")
def port():
    server, port = start_in_process(push_interval=PUSH_INTERVAL)
    try:
        yield port
    finally:
        server.stop(None).wait(10)


@pytest.fixture(scope="session")
def typescript_channel():
    """A channel to polyrpc-server (the TypeScript seed services, default options) started for the session."""
    node = os.environ.get("POLYRPC_NODE") or shutil.which("node")
    assert node, "node is needed to run the TypeScript server (set POLYRPC_NODE or put node on PATH)"
    bin_path = str(INTEROP_DIR.parents[1] / "packages" / "server" / "bin" / "polyrpc-server.js")
    server = Spawned([node, bin_path, "--host", "127.0.0.1", "--port", "0"])
    listening = re.compile(r"^listening on (127\.0\.0\.1:\d+)$")
    try:
        target = listening.match(server.wait_for(listening.match)).group(1)
        with grpc.insecure_channel(target) as channel:
            yield channel
    finally:
        assert server.stop() == 0


@pytest.fixture(scope="session")
def channel(port):
    with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
        yield channel


@pytest.fixture
def spawn():
    """Starts Spawned processes; any still running at teardown are killed."""
    started = []

    def start(args, cwd=None):
        process = Spawned(args, cwd)
        started.append(process)
        return process

    yield start
    for process in started:
        if process.proc.poll() is None:
            process.proc.kill()
            process.proc.wait(15)


