"""What create_server serves: a servicer and the generated function that adds it to a server. Shared by the
grpcio and grpc.aio servers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Optional, Sequence

import grpc


@dataclass(frozen=True)
class ServiceRegistration:
    """A servicer and the generated `add_<Name>Servicer_to_server` function of its _pb2_grpc module."""

    add: Callable[[Any, Any], None]
    servicer: Any


def service(add: Callable[[Any, Any], None], servicer: Any) -> ServiceRegistration:
    """The entry of create_server's services for servicer, e.g.
    `service(hello_pb2_grpc.add_GreeterServicer_to_server, Greeter())`."""
    return ServiceRegistration(add, servicer)


Transform = Callable[[Any, str], Any]
"""transform(method_handler, "/package.Service/Method") -> the method handler to serve instead."""


class _NameRecorder:
    """Stands in for the server while a generated add function runs, to learn the service's full name
    (which the health and reflection services need), and passes everything on, each method handler through
    transform when one is given. grpcio's generated code adds a generic handler, then the same methods as
    registered handlers; with a transform, the generic handler is rebuilt from the transformed ones."""

    def __init__(self, server: Any, transform: Optional[Transform]) -> None:
        self._server = server
        self._transform = transform
        self._generic: list[Any] = []
        self.names: list[str] = []

    def add_registered_method_handlers(self, service_name: str, method_handlers: Any) -> None:
        if service_name not in self.names:
            self.names.append(service_name)
        if self._transform is not None:
            method_handlers = {m: self._transform(h, f"/{service_name}/{m}") for m, h in method_handlers.items()}
            self._generic = [h for h in self._generic if _service_name(h) != service_name]
            self._generic.append(grpc.method_handlers_generic_handler(service_name, method_handlers))
        self._server.add_registered_method_handlers(service_name, method_handlers)

    def add_generic_rpc_handlers(self, handlers: Sequence[Any]) -> None:
        for handler in handlers:
            name = _service_name(handler)
            if name is not None and name not in self.names:
                self.names.append(name)
        if self._transform is None:
            self._server.add_generic_rpc_handlers(handlers)
        else:
            self._generic.extend(handlers)

    def flush(self) -> None:
        """Adds the generic handlers held back for the transform."""
        if self._generic:
            self._server.add_generic_rpc_handlers(tuple(self._generic))
            self._generic = []


def _service_name(handler: Any) -> Optional[str]:
    name = getattr(handler, "service_name", None)
    return str(name()) if callable(name) else None


def add_services(server: Any, services: Sequence[ServiceRegistration], transform: Optional[Transform] = None) -> list[str]:
    """Adds each service to server, each method handler through transform if given; returns their full
    names (`package.Service`) in order. Internal."""
    names: list[str] = []
    for entry in services:
        if not isinstance(entry, ServiceRegistration):
            raise TypeError(f"services: expected service(add_XServicer_to_server, servicer), got {entry!r}")
        recorder = _NameRecorder(server, transform)
        entry.add(entry.servicer, recorder)
        recorder.flush()
        if not recorder.names:
            raise ValueError(f"services: {getattr(entry.add, '__name__', entry.add)} added no service")
        names.extend(n for n in recorder.names if n not in names)
    return names
