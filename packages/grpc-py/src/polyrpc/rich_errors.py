"""Rich errors: a status with typed details (google.rpc.Status in the `grpc-status-details-bin` trailer),
the gRPC richer error model that grpc-js and every other gRPC implementation read. Built on grpcio-status."""

from __future__ import annotations

from typing import Any, NoReturn, Optional, Sequence, TypeVar, Union

import grpc
from google.protobuf import any_pb2
from google.protobuf.message import Message
from google.rpc import status_pb2  # type: ignore[import-untyped]  # googleapis-common-protos has no types
from google.rpc.error_details_pb2 import (  # type: ignore[import-untyped]  # googleapis-common-protos has no types
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
)
from google.rpc.status_pb2 import Status  # type: ignore[import-untyped]
from grpc_status import rpc_status

# The richer error model's messages, re-exported as @polyrpc/grpc exports their protobuf-es schemas
# (BadRequestSchema, ...), so one import serves both sides of a call.
__all__ = [
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
    "rich_status",
    "abort_with_details",
    "read_status",
    "find_details",
    "unpack_details",
]

T = TypeVar("T", bound=Message)


def rich_status(code: grpc.StatusCode, message: str, details: Sequence[Message] = ()) -> grpc.Status:
    """A grpc.Status carrying code, message and details (messages such as google.rpc.BadRequest), for
    `context.abort_with_status(...)`; abort_with_details does both."""
    packed = []
    for detail in details:
        wrapper = any_pb2.Any()
        wrapper.Pack(detail)
        packed.append(wrapper)
    return rpc_status.to_status(status_pb2.Status(code=code.value[0], message=message, details=packed))


def abort_with_details(context: grpc.ServicerContext, code: grpc.StatusCode, message: str, details: Sequence[Message] = ()) -> NoReturn:
    """Ends the call of a grpcio servicer with code, message and typed details."""
    context.abort_with_status(rich_status(code, message, details))
    raise AssertionError("abort_with_status returned")  # grpcio raises; this keeps NoReturn honest


def read_status(error: grpc.RpcError) -> Optional[status_pb2.Status]:
    """The google.rpc.Status a failed grpcio call carried, or None when the server sent no details.
    Raises ValueError when the trailer contradicts the call's code or message."""
    return rpc_status.from_call(error)  # type: ignore[arg-type]


def unpack_details(status: Optional[status_pb2.Status], *types: type[Message]) -> list[Message]:
    """The details of status whose type is one of types, unpacked, in order; other details are skipped."""
    found: list[Message] = []
    for wrapper in status.details if status is not None else ():
        for message_type in types:
            if wrapper.Is(message_type.DESCRIPTOR):
                message = message_type()
                wrapper.Unpack(message)
                found.append(message)
                break
    return found


def find_details(source: Union[grpc.RpcError, Optional[status_pb2.Status]], detail_type: type[T]) -> list[T]:
    """The details of type detail_type that a failed grpcio call (its grpc.RpcError) or a read status
    carried, unpacked, in order; empty when there are none. The twin of @polyrpc/grpc's
    `error.findDetails(BadRequestSchema)`: `find_details(error, BadRequest)`. For a grpc.aio call, pass the
    status of `await polyrpc.aio.read_status(call)`, or the grpc.aio.AioRpcError it raised."""
    status = read_status(source) if isinstance(source, grpc.RpcError) else source
    return [detail for detail in unpack_details(status, detail_type) if isinstance(detail, detail_type)]


def trailing_metadata_for(code: grpc.StatusCode, message: str, details: Sequence[Message] = ()) -> Any:
    """The trailing metadata that carries the details, for grpc.aio's `context.abort(code, message,
    trailing_metadata)`. Internal."""
    return rich_status(code, message, details).trailing_metadata
