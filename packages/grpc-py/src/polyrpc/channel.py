"""createChannel's twin for grpcio: TLS, a bearer token, the shared limits with their default deadlines,
and the retry policy from the protos' idempotency_level; `polyrpc.aio.create_channel` is the same for
grpc.aio."""

from __future__ import annotations

from typing import Any, Callable, Optional, Sequence, Union

import grpc

from polyrpc._call_details import CallDetailsInterceptor, with_timeout, with_token
from polyrpc.limits import LimitsConfig, channel_options_from_limits
from polyrpc.retry_policy import RetryOptions, retry_service_config
from polyrpc.tls import ClientTls, channel_credentials

Token = Union[str, Callable[[], str]]
"""A bearer token, or a function returning one per call (for tokens that expire)."""


def channel_options(limits: Optional[LimitsConfig], retry: Optional[RetryOptions], options: Sequence[tuple[str, Any]]) -> list[tuple[str, Any]]:
    """The channel arguments for create_channel's options. Internal."""
    merged: list[tuple[str, Any]] = list(channel_options_from_limits(limits or {}))
    if retry is not None:
        merged.append(("grpc.service_config", retry_service_config(retry)))
        merged.append(("grpc.enable_retries", 1))
    return merged + list(options)


def check_channel_credentials(tls: Optional[ClientTls], credentials: Optional[grpc.ChannelCredentials]) -> Optional[grpc.ChannelCredentials]:
    """The channel credentials for the tls or credentials option. Internal."""
    if tls is not None and credentials is not None:
        raise ValueError("create_channel: give tls or credentials, not both")
    return channel_credentials(tls) if tls is not None else credentials


def check_token(token: Optional[Token]) -> None:
    """Refuses a token that cannot go in a header. Internal."""
    if isinstance(token, str) and (not token or any(c.isspace() for c in token)):
        raise ValueError("create_channel: token is empty or contains whitespace")


def create_channel(
    target: str,
    *,
    tls: Optional[ClientTls] = None,
    credentials: Optional[grpc.ChannelCredentials] = None,
    token: Optional[Token] = None,
    limits: Optional[LimitsConfig] = None,
    retry: Optional[RetryOptions] = None,
    options: Sequence[tuple[str, Any]] = (),
) -> grpc.Channel:
    """A grpcio channel to target (`host:port`), plaintext unless tls or credentials is given.

    token: sent as `authorization: Bearer <token>` on every call that has no authorization metadata of its
    own; sent on plaintext channels too (loopback servers with auth may be plaintext), so use TLS elsewhere.
    limits: message sizes, keepalive, and default deadlines per method (methodTimeoutsMs) for calls made
    without a timeout. retry: retry the idempotent methods (proto idempotency_level) of retry.services on
    UNAVAILABLE. options: grpc channel arguments, after the others so they win.
    """
    check_token(token)
    creds = check_channel_credentials(tls, credentials)
    args = channel_options(limits, retry, options)
    channel = grpc.secure_channel(target, creds, options=args) if creds is not None else grpc.insecure_channel(target, options=args)
    interceptors = []
    timeouts = (limits or {}).get("methodTimeoutsMs")
    if timeouts:
        interceptors.append(CallDetailsInterceptor(with_timeout(timeouts)))
    if token is not None:
        interceptors.append(CallDetailsInterceptor(with_token(token)))
    return grpc.intercept_channel(channel, *interceptors) if interceptors else channel
