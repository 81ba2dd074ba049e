"""Undecodable requests on a grpc.aio server: grpc.aio answers them UNKNOWN with the parser's exception in
the message (`Unexpected <class 'google.protobuf.message.DecodeError'>: ...`), which leaks internals and
differs from grpcio, whose answer is INTERNAL `Exception deserializing request!`. polyrpc.aio.create_server
wraps every method handler with tolerate_decode_errors when the service is added, so the aio server answers
as grpcio does and logs the cause on the server. Wrapping at registration, rather than in a server
interceptor, costs nothing per call for the lookup: a grpc.aio interceptor measured 0.65x of plain grpc.aio's
unary throughput at 32 calls in flight, the wrapped handlers 1.07x (noise) in the same kind of run."""

from __future__ import annotations

import logging
from typing import Any, AsyncIterator, Callable, Optional

import grpc
import grpc.aio

DECODE_FAILED = "Exception deserializing request!"
_log = logging.getLogger("polyrpc.aio")


class _Undecodable:
    """Stands in for a request that did not decode, until the handler wrapper answers for it."""


_UNDECODABLE = _Undecodable()


def _tolerant(deserializer: Optional[Callable[[bytes], Any]], method: str) -> Optional[Callable[[bytes], Any]]:
    if deserializer is None:
        return None

    def deserialize(data: bytes) -> Any:
        try:
            return deserializer(data)
        except Exception as e:  # a DecodeError, or whatever a custom deserializer raises
            _log.warning("cannot decode a request for %s: %s", method, e)
            return _UNDECODABLE

    return deserialize


async def _checked(requests: AsyncIterator[Any], context: grpc.aio.ServicerContext[Any, Any]) -> AsyncIterator[Any]:
    async for request in requests:
        if request is _UNDECODABLE:
            await context.abort(grpc.StatusCode.INTERNAL, DECODE_FAILED)
        yield request


def tolerate_decode_errors(handler: Any, method: str) -> Any:
    """handler (a grpc.RpcMethodHandler of a grpc.aio servicer) answering a request that cannot be decoded
    with INTERNAL `Exception deserializing request!`, as grpcio does. Requests a handler reads with
    context.read() instead of its request iterator are not checked."""
    handler = handler._replace(request_deserializer=_tolerant(handler.request_deserializer, method))
    if handler.unary_unary:
        behavior = handler.unary_unary

        async def unary_unary(request: Any, context: grpc.aio.ServicerContext[Any, Any]) -> Any:
            if request is _UNDECODABLE:
                await context.abort(grpc.StatusCode.INTERNAL, DECODE_FAILED)
            return await behavior(request, context)

        return handler._replace(unary_unary=unary_unary)
    if handler.unary_stream:
        behavior = handler.unary_stream

        async def unary_stream(request: Any, context: grpc.aio.ServicerContext[Any, Any]) -> AsyncIterator[Any]:
            if request is _UNDECODABLE:
                await context.abort(grpc.StatusCode.INTERNAL, DECODE_FAILED)
            result = behavior(request, context)
            if hasattr(result, "__aiter__"):  # inlined rather than a helper generator: one layer per reply
                async for reply in result:
                    yield reply
            else:  # a coroutine that writes with context.write
                await result

        return handler._replace(unary_stream=unary_stream)
    if handler.stream_unary:
        behavior = handler.stream_unary

        async def stream_unary(requests: Any, context: grpc.aio.ServicerContext[Any, Any]) -> Any:
            return await behavior(_checked(requests, context), context)

        return handler._replace(stream_unary=stream_unary)
    behavior = handler.stream_stream

    async def stream_stream(requests: Any, context: grpc.aio.ServicerContext[Any, Any]) -> AsyncIterator[Any]:
        result = behavior(_checked(requests, context), context)
        if hasattr(result, "__aiter__"):
            async for reply in result:
                yield reply
        else:
            await result

    return handler._replace(stream_stream=stream_stream)
