"""A grpc client interceptor base that rewrites each call's details (timeout, metadata) the same way for all
four call kinds; the default deadlines (limits) and the bearer token (auth) build on it. Internal."""

from __future__ import annotations

import collections
from typing import Any, Callable

import grpc


class _Details(
    collections.namedtuple("_Details", ("method", "timeout", "metadata", "credentials", "wait_for_ready", "compression")),
    grpc.ClientCallDetails,
):
    pass


def replace_details(details: grpc.ClientCallDetails, **changes: Any) -> grpc.ClientCallDetails:
    """A copy of grpc.ClientCallDetails with the given fields changed."""
    fields = {name: getattr(details, name, None) for name in _Details._fields}
    fields.update(changes)
    return _Details(**fields)


class CallDetailsInterceptor(
    grpc.UnaryUnaryClientInterceptor,
    grpc.UnaryStreamClientInterceptor,
    grpc.StreamUnaryClientInterceptor,
    grpc.StreamStreamClientInterceptor,
):
    """Calls rewrite(details) on every call of a grpcio channel."""

    def __init__(self, rewrite: Callable[[Any], Any]) -> None:
        self._rewrite = rewrite

    def intercept_unary_unary(self, continuation: Any, details: Any, request: Any) -> Any:
        return continuation(self._rewrite(details), request)

    def intercept_unary_stream(self, continuation: Any, details: Any, request: Any) -> Any:
        return continuation(self._rewrite(details), request)

    def intercept_stream_unary(self, continuation: Any, details: Any, request_iterator: Any) -> Any:
        return continuation(self._rewrite(details), request_iterator)

    def intercept_stream_stream(self, continuation: Any, details: Any, request_iterator: Any) -> Any:
        return continuation(self._rewrite(details), request_iterator)


def method_of(details: Any) -> str:
    """`package.Service/Method` of a call's details (grpcio gives the path as str or bytes)."""
    path = details.method.decode() if isinstance(details.method, bytes) else details.method
    return str(path).lstrip("/")


def with_timeout(timeouts_ms: dict[str, int]) -> Callable[[Any], Any]:
    """A rewrite giving a call without a timeout the default for its method (`Service/Method` first, then
    `Service`), as the TypeScript client's service config does."""

    def rewrite(details: Any) -> Any:
        if details.timeout is not None:
            return details
        method = method_of(details)
        ms = timeouts_ms.get(method, timeouts_ms.get(method.rsplit("/", 1)[0]))
        return details if ms is None else _replace(details, timeout=ms / 1000)

    return rewrite


def with_token(token: str | Callable[[], str], aio: bool = False) -> Callable[[Any], Any]:
    """A rewrite adding `authorization: Bearer <token>` to a call without an authorization header; with
    aio, the metadata is a grpc.aio.Metadata, which grpc.aio's calls expect."""

    def rewrite(details: Any) -> Any:
        metadata = list(details.metadata or ())
        if any(key == "authorization" for key, _ in metadata):
            return details
        value = token() if callable(token) else token
        pairs = metadata + [("authorization", f"Bearer {value}")]
        return _replace(details, metadata=grpc.aio.Metadata(*pairs) if aio else pairs)

    return rewrite


def _replace(details: Any, **changes: Any) -> Any:
    # grpc.aio's ClientCallDetails is a namedtuple of its own; grpcio's is an abstract class.
    if hasattr(details, "_replace"):
        return details._replace(**changes)
    return replace_details(details, **changes)
