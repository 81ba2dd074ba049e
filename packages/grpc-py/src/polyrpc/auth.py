"""Bearer-token authentication for grpcio and grpc.aio servers, the Python twin of @polyrpc/grpc's auth.ts:
the same header, the same public services (health only, by default), the same status codes and messages."""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Mapping, Optional, Sequence, Tuple, Union

import grpc

MISSING = "missing bearer token: send the header authorization: Bearer <token>"
MALFORMED = "malformed authorization header: expected Bearer <token>"
INVALID = "invalid bearer token"
CHECK_FAILED = "authentication check failed"
DEFAULT_PUBLIC_SERVICES: Tuple[str, ...] = ("grpc.health.v1.Health",)
_BEARER = re.compile(r"^Bearer +(\S+) *$", re.IGNORECASE)
_log = logging.getLogger("polyrpc.auth")

AuthResult = Tuple[Optional[grpc.StatusCode], Optional[str]]
"""(None, principal) admits a call; (code, message) refuses it (message None: the default for the code)."""

AuthCheck = Callable[[Optional[str], str, Sequence[Tuple[str, Any]]], AuthResult]
"""check(token, method, metadata): token is None when the call has no authorization header; method is
`/package.Service/Method`."""


def permission_denied(method: str) -> str:
    """The PERMISSION_DENIED message for method, as the TypeScript bridge sends it."""
    return f"permission denied for {method}"


@dataclass(frozen=True)
class AuthOptions:
    """The `auth` option of create_server: the check, and the services every caller may use."""

    check: AuthCheck
    public_services: Tuple[str, ...] = DEFAULT_PUBLIC_SERVICES


def bearer_token_auth(tokens: Union[Iterable[str], Mapping[str, str]]) -> AuthCheck:
    """A check accepting the given tokens, compared by SHA-256 digest in constant time. tokens maps each
    token to its principal, or is a list (the principal is then `token-<n>`, never the token itself)."""
    pairs = list(tokens.items()) if isinstance(tokens, Mapping) else [(t, f"token-{i + 1}") for i, t in enumerate(tokens)]
    if not pairs:
        raise ValueError("bearer_token_auth: no tokens given")
    if any(not t or re.search(r"\s", t) for t, _ in pairs):
        raise ValueError("bearer_token_auth: a token is empty or contains whitespace")
    digests = [(hashlib.sha256(t.encode()).digest(), principal) for t, principal in pairs]

    def check(token: Optional[str], method: str, metadata: Sequence[Tuple[str, Any]]) -> AuthResult:
        if token is None:
            return grpc.StatusCode.UNAUTHENTICATED, MISSING
        digest = hashlib.sha256(token.encode()).digest()
        principal = None
        for known, name in digests:  # every comparison runs, so timing says nothing about a match
            if hmac.compare_digest(known, digest) and principal is None:
                principal = name
        return (None, principal) if principal is not None else (grpc.StatusCode.UNAUTHENTICATED, INVALID)

    return check


def read_token_file(path: str) -> list[str]:
    """The tokens of a token file: one a line, blank lines and # comments skipped."""
    try:
        with open(path, encoding="utf-8") as f:
            lines = [line.strip() for line in f]
    except OSError as e:
        raise ValueError(f"token file {path}: cannot read it: {e.strerror}") from e
    tokens = [line for line in lines if line and not line.startswith("#")]
    if not tokens:
        raise ValueError(f"token file {path}: no token in it")
    if any(re.search(r"\s", t) for t in tokens):
        raise ValueError(f"token file {path}: a token contains whitespace")
    return tokens


def auth_options(auth: Union[AuthCheck, AuthOptions]) -> AuthOptions:
    """auth as AuthOptions (a bare check gets the default public services). Internal."""
    return auth if isinstance(auth, AuthOptions) else AuthOptions(auth)


def decide(options: AuthOptions, details: Any) -> Optional[Tuple[grpc.StatusCode, str]]:
    """The refusal (code, message) for a call, or None to let it through. Shared by both servers. Internal."""
    method = details.method
    if method[1 : method.rfind("/")] in options.public_services:
        return None
    metadata = tuple(details.invocation_metadata or ())
    header = next((v for k, v in metadata if k == "authorization"), None)
    token = None
    if header is not None:
        match = _BEARER.match(header) if isinstance(header, str) else None
        if match is None:
            return grpc.StatusCode.UNAUTHENTICATED, MALFORMED
        token = match.group(1)
    try:
        code, detail = options.check(token, method, metadata)
    except Exception:  # a broken check refuses the call; only the method is logged, never the headers
        _log.exception("authentication check failed for %s", method)
        return grpc.StatusCode.UNAVAILABLE, CHECK_FAILED
    if code is None:
        return None
    if code == grpc.StatusCode.PERMISSION_DENIED and not detail:
        detail = permission_denied(method)
    return code, detail or INVALID


def _refusal(handler: Any, code: grpc.StatusCode, message: str) -> Any:
    """A handler of the same streaming kind as handler that aborts with code and message."""

    def abort(request_or_iterator: Any, context: grpc.ServicerContext) -> Any:
        context.abort(code, message)

    def abort_stream(request_or_iterator: Any, context: grpc.ServicerContext) -> Any:
        context.abort(code, message)
        yield  # a generator, as grpc expects of response-streaming behaviours

    if handler.unary_unary:
        return handler._replace(unary_unary=abort)
    if handler.unary_stream:
        return handler._replace(unary_stream=abort_stream)
    if handler.stream_unary:
        return handler._replace(stream_unary=abort)
    return handler._replace(stream_stream=abort_stream)


class AuthInterceptor(grpc.ServerInterceptor):
    """Runs the check before every call to a non-public service of a grpcio server and answers its refusal
    (UNAUTHENTICATED, PERMISSION_DENIED, or UNAVAILABLE when the check raises) instead of the handler.
    create_server installs it for `auth`; the token is never logged."""

    def __init__(self, auth: Union[AuthCheck, AuthOptions]) -> None:
        self._options = auth_options(auth)

    def intercept_service(self, continuation: Any, handler_call_details: Any) -> Any:
        handler = continuation(handler_call_details)
        if handler is None:
            return None
        refusal = decide(self._options, handler_call_details)
        return handler if refusal is None else _refusal(handler, *refusal)
