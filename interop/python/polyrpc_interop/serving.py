"""What every example server and client shares: the command line, binding, and a clean stop on a signal."""

import argparse
from concurrent import futures
from pathlib import Path

import grpc
import polyrpc

# interop/python/, the folder that holds this package and the example scripts.
INTEROP_DIR = Path(__file__).resolve().parents[1]
# The seed services' data, in one place for both languages: @polyrpc/server's data/ folder.
SERVER_DATA_DIR = INTEROP_DIR.parents[1] / "packages" / "server" / "data"
# The daily OHLC series that the TypeScript server reads too.
DEFAULT_OHLC = SERVER_DATA_DIR / "ohlc-synthetic.csv"
# The RouteGuide database (grpc's route_guide_db.json) that the TypeScript server reads too.
ROUTE_GUIDE_DB = SERVER_DATA_DIR / "route_guide_db.json"

# How long in-flight RPCs get to finish once a server is told to stop.
STOP_GRACE_SECONDS = 5


def server_arguments(description, host, port):
    """A parser with --host and --port, defaulting to the address the seed's server binds."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--host", default=host, help=f"address to bind (default {host})")
    parser.add_argument("--port", type=int, default=port, help=f"port to bind, 0 lets the OS pick (default {port})")
    return parser


def client_arguments(description, target):
    """A parser with --target, defaulting to the address the seed's client dials."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--target", default=target, help=f"server address (default {target})")
    return parser


def say(text):
    """Prints text and its newline in one write, flushed, so lines printed by concurrent handlers or
    client threads do not interleave (print() writes the text and its end separately)."""
    print(text + "\n", end="", flush=True)


def new_server(max_workers=10, interceptors=(), options=()):
    """A grpc server on a thread pool, as in the seeds (max_workers=10); options are grpc channel arguments."""
    return grpc.server(futures.ThreadPoolExecutor(max_workers=max_workers), interceptors=interceptors, options=options)


def bind(server, host, port, credentials=None):
    """Binds host:port, with TLS when credentials are given, and returns the bound port (the OS's pick
    when port is 0)."""
    if credentials is not None:
        return server.add_secure_port(listen_address(host, port), credentials)
    return server.add_insecure_port(listen_address(host, port))


def listen_address(host, port):
    """host:port as a gRPC target names it, with an IPv6 literal in brackets ("[::]:50051")."""
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"{host}:{port}"


def run_until_signal(server, host, port):
    """Starts the server, prints `listening on <host>:<port>` once it accepts calls, blocks until SIGTERM or
    SIGINT (also as a shell's background job, which starts with SIGINT ignored), then stops gracefully.
    The signal handling is polyrpc.wait_for_signal's."""

    def start():
        server.start()
        print(f"listening on {listen_address(host, port)}", flush=True)

    polyrpc.wait_for_signal(start)
    server.stop(grace=STOP_GRACE_SECONDS).wait()
