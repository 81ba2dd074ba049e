"""What create_server serves: a servicer and the generated function that adds it to a server. Shared by the
grpcio and grpc.aio servers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Sequence


@dataclass(frozen=True)
class ServiceRegistration:
    """A servicer and the generated `add_<Name>Servicer_to_server` function of its _pb2_grpc module."""

    add: Callable[[Any, Any], None]
    servicer: Any


def service(add: Callable[[Any, Any], None], servicer: Any) -> ServiceRegistration:
    """The entry of create_server's services for servicer, e.g.
    `service(hello_pb2_grpc.add_GreeterServicer_to_server, Greeter())`."""
    return ServiceRegistration(add, servicer)


class _NameRecorder:
    """Stands in for the server while a generated add function runs, to learn the service's full name
    (which the health and reflection services need), and passes everything on."""

    def __init__(self, server: Any) -> None:
        self._server = server
        self.names: list[str] = []

    def add_registered_method_handlers(self, service_name: str, method_handlers: Any) -> None:
        self.names.append(service_name)
        self._server.add_registered_method_handlers(service_name, method_handlers)

    def add_generic_rpc_handlers(self, handlers: Sequence[Any]) -> None:
        for handler in handlers:
            name = getattr(handler, "service_name", None)
            if callable(name) and name() not in self.names:
                self.names.append(name())
        self._server.add_generic_rpc_handlers(handlers)


def add_services(server: Any, services: Sequence[ServiceRegistration]) -> list[str]:
    """Adds each service to server; returns their full names (`package.Service`) in order. Internal."""
    names: list[str] = []
    for entry in services:
        if not isinstance(entry, ServiceRegistration):
            raise TypeError(f"services: expected service(add_XServicer_to_server, servicer), got {entry!r}")
        recorder = _NameRecorder(server)
        entry.add(entry.servicer, recorder)
        if not recorder.names:
            raise ValueError(f"services: {getattr(entry.add, '__name__', entry.add)} added no service")
        names.extend(n for n in recorder.names if n not in names)
    return names
