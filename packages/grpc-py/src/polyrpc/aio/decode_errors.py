"""Undecodable requests on a grpc.aio server: grpc.aio answers them UNKNOWN with the parser's exception in
the message (`Unexpected <class 'google.protobuf.message.DecodeError'>: ...`), which leaks internals and
differs from grpcio, whose answer is INTERNAL `Exception deserializing request!`. This interceptor makes the
aio server answer as grpcio does, and logs the cause on the server."""

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


async def _replies(result: Any) -> AsyncIterator[Any]:
    """The replies of a response-streaming behaviour: an async generator's items, or none when the
    behaviour is a coroutine that writes with context.write."""
    if hasattr(result, "__aiter__"):
        async for reply in result:
            yield reply
    else:
        await result


class DecodeErrorInterceptor(grpc.aio.ServerInterceptor):
    """Answers a request that cannot be decoded with INTERNAL `Exception deserializing request!`, as grpcio
    does; polyrpc.aio.create_server installs it first. Requests a handler reads with context.read() instead
    of its request iterator are not checked."""

    async def intercept_service(self, continuation: Any, handler_call_details: grpc.HandlerCallDetails) -> Any:
        handler = await continuation(handler_call_details)
        if handler is None:
            return None
        handler = handler._replace(request_deserializer=_tolerant(handler.request_deserializer, handler_call_details.method))
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
                async for reply in _replies(behavior(request, context)):
                    yield reply

            return handler._replace(unary_stream=unary_stream)
        if handler.stream_unary:
            behavior = handler.stream_unary

            async def stream_unary(requests: Any, context: grpc.aio.ServicerContext[Any, Any]) -> Any:
                return await behavior(_checked(requests, context), context)

            return handler._replace(stream_unary=stream_unary)
        behavior = handler.stream_stream

        async def stream_stream(requests: Any, context: grpc.aio.ServicerContext[Any, Any]) -> AsyncIterator[Any]:
            async for reply in _replies(behavior(_checked(requests, context), context)):
                yield reply

        return handler._replace(stream_stream=stream_stream)
