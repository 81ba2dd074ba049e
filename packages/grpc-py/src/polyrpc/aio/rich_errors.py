"""Rich errors for grpc.aio: the asyncio twins of polyrpc.abort_with_details and polyrpc.read_status."""

from __future__ import annotations

from typing import Any, NoReturn, Optional, Sequence, Union

import grpc
import grpc.aio
from google.protobuf.message import Message
from google.rpc import status_pb2  # type: ignore[import-untyped]  # googleapis-common-protos has no types
from grpc_status import rpc_status

from polyrpc.rich_errors import trailing_metadata_for


async def abort_with_details(context: grpc.aio.ServicerContext[Any, Any], code: grpc.StatusCode, message: str, details: Sequence[Message] = ()) -> NoReturn:
    """Ends the call of a grpc.aio servicer with code, message and typed details."""
    await context.abort(code, message, trailing_metadata_for(code, message, details))
    raise AssertionError("abort returned")  # grpc.aio raises; this keeps NoReturn honest


async def read_status(call: Union[grpc.aio.Call, grpc.aio.AioRpcError]) -> Optional[status_pb2.Status]:
    """The google.rpc.Status a failed grpc.aio call carried (the call, or the grpc.aio.AioRpcError it
    raised), or None when the server sent no details."""
    if isinstance(call, grpc.aio.AioRpcError):
        return rpc_status.from_call(call)  # type: ignore[arg-type]  # AioRpcError has the methods from_call reads
    return await rpc_status.aio.from_call(call)
