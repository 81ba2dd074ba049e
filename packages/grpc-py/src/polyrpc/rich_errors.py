"""Rich errors: a status with typed details (google.rpc.Status in the `grpc-status-details-bin` trailer),
the gRPC richer error model that grpc-js and every other gRPC implementation read. Built on grpcio-status."""

from __future__ import annotations

from typing import Any, NoReturn, Optional, Sequence

import grpc
from google.protobuf import any_pb2
from google.protobuf.message import Message
from google.rpc import status_pb2  # type: ignore[import-untyped]  # googleapis-common-protos has no types
from grpc_status import rpc_status


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


def trailing_metadata_for(code: grpc.StatusCode, message: str, details: Sequence[Message] = ()) -> Any:
    """The trailing metadata that carries the details, for grpc.aio's `context.abort(code, message,
    trailing_metadata)`. Internal."""
    return rich_status(code, message, details).trailing_metadata
