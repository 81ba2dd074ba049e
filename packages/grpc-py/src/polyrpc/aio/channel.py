"""create_channel for grpc.aio: the asyncio twin of polyrpc.create_channel, with the same options."""

from __future__ import annotations

from typing import Any, Callable, Optional, Sequence

import grpc
import grpc.aio

from polyrpc._call_details import with_timeout, with_token
from polyrpc.channel import Token, channel_options, check_channel_credentials, check_token
from polyrpc.limits import LimitsConfig
from polyrpc.retry_policy import RetryOptions
from polyrpc.tls import ClientTls


class _Rewrite(
    grpc.aio.UnaryUnaryClientInterceptor,
    grpc.aio.UnaryStreamClientInterceptor,
    grpc.aio.StreamUnaryClientInterceptor,
    grpc.aio.StreamStreamClientInterceptor,
):
    """Calls rewrite(details) on every call of a grpc.aio channel."""

    def __init__(self, rewrite: Callable[[Any], Any]) -> None:
        self._rewrite = rewrite

    async def intercept_unary_unary(self, continuation: Any, details: Any, request: Any) -> Any:
        return await continuation(self._rewrite(details), request)

    async def intercept_unary_stream(self, continuation: Any, details: Any, request: Any) -> Any:
        return await continuation(self._rewrite(details), request)

    async def intercept_stream_unary(self, continuation: Any, details: Any, request_iterator: Any) -> Any:
        return await continuation(self._rewrite(details), request_iterator)

    async def intercept_stream_stream(self, continuation: Any, details: Any, request_iterator: Any) -> Any:
        return await continuation(self._rewrite(details), request_iterator)


def create_channel(
    target: str,
    *,
    tls: Optional[ClientTls] = None,
    credentials: Optional[grpc.ChannelCredentials] = None,
    token: Optional[Token] = None,
    limits: Optional[LimitsConfig] = None,
    retry: Optional[RetryOptions] = None,
    options: Sequence[tuple[str, Any]] = (),
) -> grpc.aio.Channel:
    """A grpc.aio channel to target, with polyrpc.create_channel's options (TLS, token, limits with their
    default deadlines, retry policy). Use it as `async with create_channel(...) as channel:`."""
    check_token(token)
    creds = check_channel_credentials(tls, credentials)
    args = channel_options(limits, retry, options)
    interceptors: list[Any] = []
    timeouts = (limits or {}).get("methodTimeoutsMs")
    if timeouts:
        interceptors.append(_Rewrite(with_timeout(timeouts)))
    if token is not None:
        interceptors.append(_Rewrite(with_token(token, aio=True)))
    if creds is not None:
        return grpc.aio.secure_channel(target, creds, options=args, interceptors=interceptors or None)
    return grpc.aio.insecure_channel(target, options=args, interceptors=interceptors or None)
