"""What every example server and client shares: the command line, binding, and a clean stop on a signal."""

import argparse
import signal
import socket
from concurrent import futures
from pathlib import Path

import grpc

# interop/python/, the folder that holds this package, its data/ and the example scripts.
INTEROP_DIR = Path(__file__).resolve().parents[1]
# The daily OHLC series that the TypeScript server reads too.
DEFAULT_OHLC = INTEROP_DIR.parents[1] / "packages" / "server" / "data" / "ohlc-synthetic.csv"

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
    SIGINT, then stops gracefully.

    The signals are caught by a handler that does nothing but lets Python's C-level handler write the signal
    number to a wakeup socket, which the main thread reads: that works whichever thread the kernel picks
    (grpc and the data libraries start threads before this runs, so blocking the signals in one thread
    does not cover them all), takes no lock (a handler calling Event.set() deadlocks when the signal lands
    while the main thread holds that Event's lock), and loses no signal sent as soon as the banner is read.
    Installing a handler also undoes the SIG_IGN a shell gives SIGINT in a background job (`server.py &`),
    which would otherwise make `kill -INT <pid>` do nothing.
    """
    wakeup_read, wakeup_write = socket.socketpair()
    wakeup_write.setblocking(False)
    previous_fd = signal.set_wakeup_fd(wakeup_write.fileno(), warn_on_full_buffer=False)
    previous = {signum: signal.signal(signum, lambda *_: None) for signum in (signal.SIGTERM, signal.SIGINT)}
    try:
        server.start()
        print(f"listening on {listen_address(host, port)}", flush=True)
        wakeup_read.recv(1)
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        signal.set_wakeup_fd(previous_fd)
        wakeup_read.close()
        wakeup_write.close()
    server.stop(grace=STOP_GRACE_SECONDS).wait()
