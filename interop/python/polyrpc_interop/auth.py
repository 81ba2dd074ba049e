"""Bearer-token authentication for grpc servers, the Python twin of @polyrpc/grpc's auth.ts: the same
header, the same public services (health only, by default), the same status codes and messages."""

import hashlib
import hmac
import logging
import re

import grpc

from polyrpc_interop.client_interceptor import CallDetailsInterceptor, replace_details

MISSING = "missing bearer token: send the header authorization: Bearer <token>"
MALFORMED = "malformed authorization header: expected Bearer <token>"
INVALID = "invalid bearer token"
CHECK_FAILED = "authentication check failed"
DEFAULT_PUBLIC_SERVICES = ("grpc.health.v1.Health",)
_BEARER = re.compile(r"^Bearer +(\S+) *$", re.IGNORECASE)
_log = logging.getLogger(__name__)


def permission_denied(method):
    return f"permission denied for {method}"


def bearer_token_check(tokens):
    """A check accepting the given tokens, compared by SHA-256 digest in constant time. It returns
    (None, principal) to admit a call, or (code, message) to refuse it; the principal is `token-<n>`."""
    tokens = list(tokens)
    if not tokens:
        raise ValueError("no tokens given")
    if any(not t or re.search(r"\s", t) for t in tokens):
        raise ValueError("a token is empty or contains whitespace")
    digests = [(hashlib.sha256(t.encode()).digest(), f"token-{i + 1}") for i, t in enumerate(tokens)]

    def check(token, method, metadata):
        if token is None:
            return grpc.StatusCode.UNAUTHENTICATED, MISSING
        digest = hashlib.sha256(token.encode()).digest()
        principal = None
        for known, name in digests:  # every comparison runs, so timing says nothing about a match
            if hmac.compare_digest(known, digest) and principal is None:
                principal = name
        return (None, principal) if principal is not None else (grpc.StatusCode.UNAUTHENTICATED, INVALID)

    return check


def read_token_file(path):
    """The tokens of an --auth-token-file: one a line, blank lines and # comments skipped."""
    try:
        with open(path, encoding="utf-8") as f:
            lines = [line.strip() for line in f]
    except OSError as e:
        raise ValueError(f"--auth-token-file {path}: cannot read it: {e.strerror}") from e
    tokens = [line for line in lines if line and not line.startswith("#")]
    if not tokens:
        raise ValueError(f"--auth-token-file {path}: no token in it")
    if any(re.search(r"\s", t) for t in tokens):
        raise ValueError(f"--auth-token-file {path}: a token contains whitespace")
    return tokens


def _refusal(handler, code, message):
    """A handler of the same streaming kind as handler that aborts with code and message."""

    def abort(request_or_iterator, context):
        context.abort(code, message)

    def abort_stream(request_or_iterator, context):
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
    """Runs check(token, method, metadata) before every call to a non-public service and answers its refusal
    (UNAUTHENTICATED or PERMISSION_DENIED) instead of the handler. The token is never logged."""

    def __init__(self, check, public_services=DEFAULT_PUBLIC_SERVICES):
        self._check = check
        self._public = frozenset(public_services)

    def intercept_service(self, continuation, handler_call_details):
        handler = continuation(handler_call_details)
        method = handler_call_details.method
        if handler is None or method[1 : method.rfind("/")] in self._public:
            return handler
        metadata = handler_call_details.invocation_metadata or ()
        header = next((v for k, v in metadata if k == "authorization"), None)
        token = None
        if header is not None:
            match = _BEARER.match(header) if isinstance(header, str) else None
            if match is None:
                return _refusal(handler, grpc.StatusCode.UNAUTHENTICATED, MALFORMED)
            token = match.group(1)
        try:
            code, detail = self._check(token, method, metadata)
        except Exception:  # a broken check refuses the call; only the method is logged, never the headers
            _log.exception("authentication check failed for %s", method)
            return _refusal(handler, grpc.StatusCode.UNAVAILABLE, CHECK_FAILED)
        if code is None:
            return handler
        if code == grpc.StatusCode.PERMISSION_DENIED and not detail:
            detail = permission_denied(method)
        return _refusal(handler, code, detail or INVALID)


class TokenInterceptor(CallDetailsInterceptor):
    """Adds `authorization: Bearer <token>` to every call without an authorization header, the twin of
    createChannel({ token }). An interceptor rather than grpc.access_token_call_credentials, which grpcio
    only allows on TLS channels, while loopback servers with auth may be plaintext."""

    def __init__(self, token):
        self._header = ("authorization", f"Bearer {token}")

    def rewrite(self, details):
        metadata = list(details.metadata or ())
        if any(key == "authorization" for key, _ in metadata):
            return details
        return replace_details(details, metadata=metadata + [self._header])
