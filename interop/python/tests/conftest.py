"""Shared fixtures: serve_all's server in-process, a channel to it, and reaped subprocesses.

Every server listens on 127.0.0.1 only, every RPC has a deadline, and every process is killed at
teardown if it has not ended by then.
"""

import grpc
import pytest

from helpers import PUSH_INTERVAL, Spawned
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


