"""create_server for grpc.aio: the asyncio twin of polyrpc.create_server, with the same options."""

from __future__ import annotations

import asyncio
import signal
from typing import Any, Optional, Sequence, Union

import grpc
import grpc.aio
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection as grpc_reflection

from polyrpc.aio.decode_errors import tolerate_decode_errors
from polyrpc.auth import AuthCheck, AuthOptions, auth_options, decide
from polyrpc.limits import LimitsConfig, server_options_from_limits
from polyrpc.registration import ServiceRegistration, add_services
from polyrpc.server import DEFAULT_SHUTDOWN_GRACE_S, ServerAddress, announce, check_credentials, host_port, reflected_names
from polyrpc.tls import ServerTls


def _refusal(handler: Any, code: grpc.StatusCode, message: str) -> Any:
    """A handler of the same streaming kind as handler that aborts with code and message."""

    async def abort(request_or_iterator: Any, context: grpc.aio.ServicerContext[Any, Any]) -> Any:
        await context.abort(code, message)

    async def abort_stream(request_or_iterator: Any, context: grpc.aio.ServicerContext[Any, Any]) -> Any:
        await context.abort(code, message)
        yield  # an async generator, as grpc.aio expects of response-streaming behaviours

    if handler.unary_unary:
        return handler._replace(unary_unary=abort)
    if handler.unary_stream:
        return handler._replace(unary_stream=abort_stream)
    if handler.stream_unary:
        return handler._replace(stream_unary=abort)
    return handler._replace(stream_stream=abort_stream)


class AuthInterceptor(grpc.aio.ServerInterceptor):
    """polyrpc.AuthInterceptor for grpc.aio servers: the same check, statuses and messages."""

    def __init__(self, auth: Union[AuthCheck, AuthOptions]) -> None:
        self._options = auth_options(auth)

    async def intercept_service(self, continuation: Any, handler_call_details: grpc.HandlerCallDetails) -> Any:
        handler = await continuation(handler_call_details)
        if handler is None:
            return None
        refusal = decide(self._options, handler_call_details)
        return handler if refusal is None else _refusal(handler, *refusal)


class PolyServer:
    """A grpc.aio server built by polyrpc.aio.create_server; the asyncio twin of polyrpc.PolyServer."""

    def __init__(self, grpc_server: grpc.aio.Server, credentials: Optional[grpc.ServerCredentials], health_servicer: Any, service_names: Sequence[str], shutdown_grace_s: float) -> None:
        self.grpc_server = grpc_server
        """The underlying grpc.aio.Server, for what this API does not cover."""
        self.health = health_servicer
        """The health service (grpc_health's aio HealthServicer; `await health.set(name, status)`), or None."""
        self.service_names = tuple(service_names)
        self._credentials = credentials
        self._grace = shutdown_grace_s
        self._health_ready: list[str] = list(service_names)
        self.addresses: list[ServerAddress] = []

    def bind(self, port: int = 0, host: str = "127.0.0.1") -> ServerAddress:
        """Binds host:port (port 0 lets the OS pick), with TLS when the server has it; call before start."""
        target = host_port(host, port)
        if self._credentials is not None:
            bound = self.grpc_server.add_secure_port(target, self._credentials)
        else:
            bound = self.grpc_server.add_insecure_port(target)
        address = ServerAddress(host, bound)
        self.addresses.append(address)
        return address

    async def start(self) -> None:
        """Marks every service SERVING (the aio health service is set from the event loop) and starts."""
        if self.health is not None:
            for name in [""] + self._health_ready:
                await self.health.set(name, health_pb2.HealthCheckResponse.SERVING)
        await self.grpc_server.start()

    async def listen(self, port: int = 0, host: str = "127.0.0.1") -> ServerAddress:
        """bind, then start."""
        address = self.bind(port, host)
        await self.start()
        return address

    async def shutdown(self, grace_s: Optional[float] = None) -> None:
        """Graceful shutdown: NOT_SERVING, no new calls, in-flight calls get grace_s seconds (default: the
        server's shutdown_grace_s), then the rest are cancelled. Safe to call more than once."""
        if self.health is not None:
            await self.health.enter_graceful_shutdown()
        await self.grpc_server.stop(self._grace if grace_s is None else grace_s)

    async def run_until_signal(self, announce_addresses: bool = True) -> None:
        """Starts the bound server, prints `listening on host:port` for each address (unless told not to),
        waits for SIGTERM or SIGINT, then shuts down gracefully. The handlers are the event loop's, installed
        before the start so no early signal is lost; Windows, without them, stops on KeyboardInterrupt only."""
        loop = asyncio.get_running_loop()
        stop = asyncio.Event()
        signals = (signal.SIGTERM, signal.SIGINT)
        installed = []
        for signum in signals:
            try:
                loop.add_signal_handler(signum, stop.set)
                installed.append(signum)
            except (NotImplementedError, RuntimeError):  # Windows event loops, or not the main thread
                pass
        try:
            await self.start()
            if announce_addresses:
                for address in self.addresses:
                    announce(address)
            await stop.wait()
        finally:
            for signum in installed:
                loop.remove_signal_handler(signum)
            await self.shutdown()

    async def serve_until_signal(self, port: int = 0, host: str = "127.0.0.1", announce_addresses: bool = True) -> None:
        """bind, then run_until_signal: a server's whole life in one call."""
        self.bind(port, host)
        await self.run_until_signal(announce_addresses)


def create_server(
    services: Sequence[ServiceRegistration],
    *,
    health: bool = True,
    reflection: bool = True,
    tls: Optional[ServerTls] = None,
    credentials: Optional[grpc.ServerCredentials] = None,
    auth: Union[AuthCheck, AuthOptions, None] = None,
    limits: Optional[LimitsConfig] = None,
    options: Sequence[tuple[str, Any]] = (),
    interceptors: Sequence[grpc.aio.ServerInterceptor] = (),
    shutdown_grace_s: float = DEFAULT_SHUTDOWN_GRACE_S,
) -> PolyServer:
    """A grpc.aio server for services (`polyrpc.service(add_XServicer_to_server, servicer)` with async
    servicers), not yet bound; the options are polyrpc.create_server's (no thread pool: handlers are
    coroutines). Call it inside the event loop that will run the server. A request that cannot be decoded
    is answered INTERNAL `Exception deserializing request!`, as grpcio does (grpc.aio alone answers UNKNOWN
    with the parser's exception)."""
    server_credentials_ = check_credentials(tls, credentials)
    chain = ((AuthInterceptor(auth),) if auth is not None else ()) + tuple(interceptors)
    grpc_server = grpc.aio.server(interceptors=chain, options=server_options_from_limits(limits or {}) + list(options))
    names = add_services(grpc_server, services, tolerate_decode_errors)
    health_servicer = None
    if health:
        health_servicer = _health.aio.HealthServicer()
        health_pb2_grpc.add_HealthServicer_to_server(health_servicer, grpc_server)
    if reflection:
        grpc_reflection.enable_server_reflection(reflected_names(names, health), grpc_server)
    return PolyServer(grpc_server, server_credentials_, health_servicer, names, shutdown_grace_s)


_health = health  # the module, since create_server's `health` parameter shadows it
