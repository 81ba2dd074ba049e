"""polyrpc: gRPC servers and channels for grpcio (here) and grpc.aio (`polyrpc.aio`) with health, reflection,
TLS, bearer-token auth, the limits file shared with the TypeScript side, retries, chunked files and rich
errors; the Python twin of the npm package @polyrpc/grpc."""

from polyrpc.auth import (
    CHECK_FAILED,
    DEFAULT_PUBLIC_SERVICES,
    INVALID,
    MALFORMED,
    MISSING,
    AuthCheck,
    AuthInterceptor,
    AuthOptions,
    AuthResult,
    bearer_token_auth,
    permission_denied,
    read_token_file,
)
from polyrpc.channel import Token, create_channel
from polyrpc.chunks import Chunk, ChunkError, reassemble_chunks, reassemble_chunks_async, split_chunks
from polyrpc.limits import (
    LimitsConfig,
    channel_options_from_limits,
    load_limits_config,
    parse_limits_config,
    server_options_from_limits,
)
from polyrpc.registration import ServiceRegistration, service
from polyrpc.retry_policy import RetryOptions, idempotent_methods, is_idempotent, retry_service_config
from polyrpc.rich_errors import (
    BadRequest,
    DebugInfo,
    ErrorInfo,
    Help,
    LocalizedMessage,
    PreconditionFailure,
    QuotaFailure,
    RequestInfo,
    ResourceInfo,
    RetryInfo,
    Status,
    abort_with_details,
    find_details,
    read_status,
    rich_status,
    unpack_details,
)
from polyrpc.server import PolyServer, ServerAddress, create_server, wait_for_signal
from polyrpc.tls import ClientTls, PemSource, ServerTls, channel_credentials, read_pem, server_credentials

from importlib.metadata import version as _version

# From the installed distribution, so `pnpm version-packages` has one place to change: pyproject.toml.
__version__ = _version("polyrpc")

__all__ = [
    "create_server",
    "create_channel",
    "service",
    "PolyServer",
    "ServerAddress",
    "ServiceRegistration",
    "ServerTls",
    "ClientTls",
    "PemSource",
    "AuthOptions",
    "AuthCheck",
    "AuthResult",
    "Token",
    "bearer_token_auth",
    "read_token_file",
    "LimitsConfig",
    "load_limits_config",
    "parse_limits_config",
    "RetryOptions",
    "split_chunks",
    "reassemble_chunks",
    "reassemble_chunks_async",
    "Chunk",
    "ChunkError",
    "abort_with_details",
    "rich_status",
    "read_status",
    "unpack_details",
    "find_details",
    # The google.rpc messages of rich errors (googleapis-common-protos), as @polyrpc/grpc exports them.
    "Status",
    "BadRequest",
    "ErrorInfo",
    "RetryInfo",
    "DebugInfo",
    "QuotaFailure",
    "PreconditionFailure",
    "RequestInfo",
    "ResourceInfo",
    "Help",
    "LocalizedMessage",
    # The auth messages clients get, the same as the TypeScript bridge's.
    "MISSING",
    "MALFORMED",
    "INVALID",
    "CHECK_FAILED",
    "DEFAULT_PUBLIC_SERVICES",
    "permission_denied",
    # Building blocks, for a grpc.server or channel of your own.
    "AuthInterceptor",
    "wait_for_signal",
    "server_options_from_limits",
    "channel_options_from_limits",
    "server_credentials",
    "channel_credentials",
    "read_pem",
    "retry_service_config",
    "idempotent_methods",
    "is_idempotent",
]
