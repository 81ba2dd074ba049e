"""The Python grpcio servers of `pnpm bench`: BenchService on a port the OS picks.

``--mode sync`` is grpcio's thread-pool server with 10 workers, as in the seeds' examples; ``--mode aio``
is grpc.aio. ``--mode polyrpc-sync`` and ``--mode polyrpc-aio`` serve the same servicers through the polyrpc
package (``polyrpc.create_server``, ``polyrpc.aio.create_server``, with its defaults: health and reflection
on), to measure what the package adds. Prints "listening on <port>" once it serves, and stops on SIGTERM or
SIGINT.
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
import threading
from concurrent import futures
from typing import AsyncIterator, Iterator

import grpc
import polyrpc
import polyrpc.aio
from bench_stubs.polyrpc.bench.v1 import bench_pb2, bench_pb2_grpc

# Limits shared with the other bench servers (see bench.proto).
DEFAULT_CHUNK_SIZE = 65536
MAX_CHUNK_SIZE = 4_000_000
MAX_TOTAL_SIZE = 1 << 32


def _chunk_size(request: bench_pb2.DownloadRequest) -> int:
    """The request's sizes, checked; raises ValueError naming the bad field."""
    if request.total_size > MAX_TOTAL_SIZE:
        raise ValueError(f"invalid total_size: {request.total_size} is outside 0..{MAX_TOTAL_SIZE}")
    chunk_size = request.chunk_size or DEFAULT_CHUNK_SIZE
    if chunk_size > MAX_CHUNK_SIZE:
        raise ValueError(f"invalid chunk_size: {chunk_size} is outside 1..{MAX_CHUNK_SIZE}")
    return chunk_size


def _chunks(total: int, chunk_size: int) -> Iterator[bench_pb2.DownloadResponse]:
    # One message for every full chunk: the transport is measured, not the allocator.
    full = bench_pb2.DownloadResponse(chunk=bytes(chunk_size))
    sent = 0
    while sent < total:
        n = min(chunk_size, total - sent)
        yield full if n == chunk_size else bench_pb2.DownloadResponse(chunk=bytes(n))
        sent += n


class SyncBench(bench_pb2_grpc.BenchServiceServicer):
    def Unary(self, request, context):
        return bench_pb2.UnaryResponse(payload=request.payload)

    def Download(self, request, context):
        try:
            chunk_size = _chunk_size(request)
        except ValueError as e:
            context.abort(grpc.StatusCode.INVALID_ARGUMENT, str(e))
        yield from _chunks(request.total_size, chunk_size)

    def PingPong(self, request_iterator, context):
        for request in request_iterator:
            yield bench_pb2.PingPongResponse(payload=request.payload)


class AioBench(bench_pb2_grpc.BenchServiceServicer):
    async def Unary(self, request, context):
        return bench_pb2.UnaryResponse(payload=request.payload)

    async def Download(self, request, context) -> AsyncIterator[bench_pb2.DownloadResponse]:
        try:
            chunk_size = _chunk_size(request)
        except ValueError as e:
            await context.abort(grpc.StatusCode.INVALID_ARGUMENT, str(e))
        for response in _chunks(request.total_size, chunk_size):
            yield response

    async def PingPong(self, request_iterator, context) -> AsyncIterator[bench_pb2.PingPongResponse]:
        async for request in request_iterator:
            yield bench_pb2.PingPongResponse(payload=request.payload)


def serve_sync(host: str, port: int) -> None:
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=10))
    bench_pb2_grpc.add_BenchServiceServicer_to_server(SyncBench(), server)
    bound = server.add_insecure_port(f"{host}:{port}")
    server.start()
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    print(f"listening on {bound}", flush=True)
    stop.wait()
    server.stop(0)


async def serve_aio(host: str, port: int) -> None:
    server = grpc.aio.server()
    bench_pb2_grpc.add_BenchServiceServicer_to_server(AioBench(), server)
    bound = server.add_insecure_port(f"{host}:{port}")
    await server.start()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    print(f"listening on {bound}", flush=True)
    await stop.wait()
    await server.stop(0)


def serve_polyrpc_sync(host: str, port: int) -> None:
    server = polyrpc.create_server([polyrpc.service(bench_pb2_grpc.add_BenchServiceServicer_to_server, SyncBench())], max_workers=10)
    bound = server.bind(port, host).port

    def start() -> None:
        server.start()
        print(f"listening on {bound}", flush=True)

    polyrpc.wait_for_signal(start)
    server.shutdown(0)


async def serve_polyrpc_aio(host: str, port: int) -> None:
    server = polyrpc.aio.create_server([polyrpc.service(bench_pb2_grpc.add_BenchServiceServicer_to_server, AioBench())])
    bound = server.bind(port, host).port
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await server.start()
    print(f"listening on {bound}", flush=True)
    await stop.wait()
    await server.shutdown(0)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mode", choices=["sync", "aio", "polyrpc-sync", "polyrpc-aio"], required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args(argv)
    if args.mode == "sync":
        serve_sync(args.host, args.port)
    elif args.mode == "aio":
        asyncio.run(serve_aio(args.host, args.port))
    elif args.mode == "polyrpc-sync":
        serve_polyrpc_sync(args.host, args.port)
    else:
        asyncio.run(serve_polyrpc_aio(args.host, args.port))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
