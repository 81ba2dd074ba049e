"""createServer's twin for grpcio: a thread-pool server with health, reflection, TLS, auth and the shared
limits; `polyrpc.aio.create_server` is the same for grpc.aio."""

from __future__ import annotations

import signal
import socket
import sys
from concurrent import futures
from dataclasses import dataclass
from typing import Any, Callable, Optional, Sequence, Union

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection as grpc_reflection

from polyrpc.auth import AuthCheck, AuthInterceptor, AuthOptions
from polyrpc.limits import LimitsConfig, server_options_from_limits
from polyrpc.registration import ServiceRegistration, add_services
from polyrpc.tls import ServerTls, server_credentials

DEFAULT_SHUTDOWN_GRACE_S = 5.0
DEFAULT_MAX_WORKERS = 10


@dataclass(frozen=True)
class ServerAddress:
    """A bound address; port is the real one, also when 0 was asked for."""

    host: str
    port: int

    def __str__(self) -> str:
        return host_port(self.host, self.port)


def host_port(host: str, port: int) -> str:
    """`host:port` for grpc's add_*_port, with an IPv6 literal such as :: in brackets. Internal."""
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"{host}:{port}"


def announce(address: ServerAddress) -> None:
    """Prints `listening on host:port`, flushed at once, for whoever waits for the server. Internal."""
    sys.stdout.write(f"listening on {address}\n")
    sys.stdout.flush()


def check_credentials(tls: Optional[ServerTls], credentials: Optional[grpc.ServerCredentials]) -> Optional[grpc.ServerCredentials]:
    """The server credentials for the tls or credentials option. Internal."""
    if tls is not None and credentials is not None:
        raise ValueError("create_server: give tls or credentials, not both")
    return server_credentials(tls) if tls is not None else credentials


def reflected_names(names: Sequence[str], with_health: bool) -> tuple[str, ...]:
    """The service names reflection lists. Internal."""
    return tuple(names) + ((health.SERVICE_NAME,) if with_health else ()) + (grpc_reflection.SERVICE_NAME,)


class PolyServer:
    """A grpcio server built by create_server."""

    def __init__(self, grpc_server: grpc.Server, credentials: Optional[grpc.ServerCredentials], health_servicer: Optional[health.HealthServicer], service_names: Sequence[str], shutdown_grace_s: float) -> None:
        self.grpc_server = grpc_server
        """The underlying grpc.Server, for what this API does not cover."""
        self.health = health_servicer
        """The health service, to change a service's status (`health.set(name, status)`); None when off."""
        self.service_names = tuple(service_names)
        """The full names of the served services, in the order given."""
        self._credentials = credentials
        self._grace = shutdown_grace_s
        self.addresses: list[ServerAddress] = []
        """The addresses bound so far."""

    def bind(self, port: int = 0, host: str = "127.0.0.1") -> ServerAddress:
        """Binds host:port (port 0 lets the OS pick), with TLS when the server has it; call before start.
        Raises RuntimeError when the address cannot be bound."""
        target = host_port(host, port)
        if self._credentials is not None:
            bound = self.grpc_server.add_secure_port(target, self._credentials)
        else:
            bound = self.grpc_server.add_insecure_port(target)
        address = ServerAddress(host, bound)
        self.addresses.append(address)
        return address

    def start(self) -> None:
        """Starts serving on the bound addresses."""
        self.grpc_server.start()

    def listen(self, port: int = 0, host: str = "127.0.0.1") -> ServerAddress:
        """bind, then start: the twin of TypeScript's `await server.listen(port, host)`."""
        address = self.bind(port, host)
        self.start()
        return address

    def shutdown(self, grace_s: Optional[float] = None) -> None:
        """Graceful shutdown: reports NOT_SERVING, stops accepting calls, lets in-flight calls finish for up
        to grace_s seconds (default: the server's shutdown_grace_s), then cancels the rest. Returns when the
        server has stopped; safe to call more than once."""
        if self.health is not None:
            self.health.enter_graceful_shutdown()
        self.grpc_server.stop(self._grace if grace_s is None else grace_s).wait()

    def run_until_signal(self, announce_addresses: bool = True) -> None:
        """Starts the bound server, prints `listening on host:port` for each address (unless told not to),
        blocks until SIGTERM or SIGINT, then shuts down gracefully and returns."""
        wait_for_signal(lambda: self._start_and_announce(announce_addresses))
        self.shutdown()

    def serve_until_signal(self, port: int = 0, host: str = "127.0.0.1", announce_addresses: bool = True) -> None:
        """bind, then run_until_signal: a server's whole life in one call."""
        self.bind(port, host)
        self.run_until_signal(announce_addresses)

    def _start_and_announce(self, announce_addresses: bool) -> None:
        self.start()
        if announce_addresses:
            for address in self.addresses:
                announce(address)


def wait_for_signal(start: Callable[[], None]) -> None:
    """Calls start() (which starts a server), then blocks until SIGTERM or SIGINT; for a server that
    PolyServer does not wrap. PolyServer.run_until_signal is built on it. Call it from the main thread.

    The signals are caught by a handler that does nothing but lets Python's C-level handler write the signal
    number to a wakeup socket, which this thread reads: that works whichever thread the kernel picks (grpc
    and data libraries start threads before this runs, so blocking the signals in one thread does not cover
    them all), takes no lock (a handler calling Event.set() deadlocks when the signal lands while the main
    thread holds that Event's lock), and loses no signal sent as soon as the server announces itself.
    Installing a handler also undoes the SIG_IGN a shell gives SIGINT in a background job (`server.py &`),
    which would otherwise make `kill -INT <pid>` do nothing. The previous handlers are restored after.
    """
    wakeup_read, wakeup_write = socket.socketpair()
    wakeup_write.setblocking(False)
    previous_fd = signal.set_wakeup_fd(wakeup_write.fileno(), warn_on_full_buffer=False)
    previous = {signum: signal.signal(signum, lambda *_: None) for signum in (signal.SIGTERM, signal.SIGINT)}
    try:
        start()
        wakeup_read.recv(1)
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        signal.set_wakeup_fd(previous_fd)
        wakeup_read.close()
        wakeup_write.close()


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
    interceptors: Sequence[grpc.ServerInterceptor] = (),
    max_workers: int = DEFAULT_MAX_WORKERS,
    shutdown_grace_s: float = DEFAULT_SHUTDOWN_GRACE_S,
) -> PolyServer:
    """A grpcio server for services (each `polyrpc.service(add_XServicer_to_server, servicer)`), not yet bound.

    health: grpc.health.v1.Health with "" and every service SERVING until shutdown (default on).
    reflection: gRPC server reflection for the services (default on).
    tls: TLS, or mutual TLS with tls.ca (ServerTls); credentials: raw grpc server credentials instead.
    auth: a check such as bearer_token_auth(tokens), or AuthOptions(check, public_services); every call but
    health checks must pass it, else UNAUTHENTICATED / PERMISSION_DENIED with the TypeScript bridge's messages.
    limits: the shared limits config (load_limits_config); options: grpc channel arguments, after limits so
    they win. interceptors run after the auth check. max_workers sizes the handler thread pool: each open
    stream holds a thread. shutdown_grace_s is how long shutdown lets in-flight calls finish.
    """
    server_credentials_ = check_credentials(tls, credentials)
    chain = ((AuthInterceptor(auth),) if auth is not None else ()) + tuple(interceptors)
    grpc_server = grpc.server(
        futures.ThreadPoolExecutor(max_workers=max_workers),
        interceptors=list(chain),
        options=server_options_from_limits(limits or {}) + list(options),
    )
    names = add_services(grpc_server, services)
    health_servicer = None
    if health:
        health_servicer = _health.HealthServicer()
        for name in ("",) + tuple(names):  # "" is the server as a whole
            health_servicer.set(name, health_pb2.HealthCheckResponse.SERVING)
        health_pb2_grpc.add_HealthServicer_to_server(health_servicer, grpc_server)
    if reflection:
        grpc_reflection.enable_server_reflection(reflected_names(names, health), grpc_server)
    return PolyServer(grpc_server, server_credentials_, health_servicer, names, shutdown_grace_s)


_health = health  # the module, since create_server's `health` parameter shadows it
