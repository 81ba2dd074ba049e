"""The gRPC interop spec's metadata echo, for every method: serve_all --interop installs it, as
polyrpc-server --interop does on the TypeScript side, so the interop suite can check custom metadata on the
seed services. Not for production: it reflects client input."""

import grpc

ECHO_INITIAL = "x-grpc-test-echo-initial"
ECHO_TRAILING = "x-grpc-test-echo-trailing-bin"


def _wrap(behavior, streaming_response):
    def echo(context):
        metadata = dict(context.invocation_metadata())
        if ECHO_INITIAL in metadata:
            context.send_initial_metadata(((ECHO_INITIAL, metadata[ECHO_INITIAL]),))
        if ECHO_TRAILING in metadata:
            context.set_trailing_metadata(((ECHO_TRAILING, metadata[ECHO_TRAILING]),))

    if streaming_response:

        def handler(request, context):
            echo(context)
            yield from behavior(request, context)

    else:

        def handler(request, context):
            echo(context)
            return behavior(request, context)

    return handler


class EchoInterceptor(grpc.ServerInterceptor):
    """Echoes x-grpc-test-echo-initial into the response headers and x-grpc-test-echo-trailing-bin into
    the trailers, whatever the method."""

    def intercept_service(self, continuation, handler_call_details):
        handler = continuation(handler_call_details)
        if handler is None:  # unknown method: grpc answers UNIMPLEMENTED
            return None
        if handler.unary_unary:
            return handler._replace(unary_unary=_wrap(handler.unary_unary, False))
        if handler.unary_stream:
            return handler._replace(unary_stream=_wrap(handler.unary_stream, True))
        if handler.stream_unary:
            return handler._replace(stream_unary=_wrap(handler.stream_unary, False))
        return handler._replace(stream_stream=_wrap(handler.stream_stream, True))


async def _echo_async(context):
    metadata = dict(context.invocation_metadata() or ())
    if ECHO_INITIAL in metadata:
        await context.send_initial_metadata(((ECHO_INITIAL, metadata[ECHO_INITIAL]),))
    if ECHO_TRAILING in metadata:
        context.set_trailing_metadata(((ECHO_TRAILING, metadata[ECHO_TRAILING]),))


def _wrap_async(behavior, streaming_response):
    if streaming_response:

        async def handler(request, context):
            await _echo_async(context)
            async for reply in behavior(request, context):
                yield reply

    else:

        async def handler(request, context):
            await _echo_async(context)
            return await behavior(request, context)

    return handler


class AsyncEchoInterceptor(grpc.aio.ServerInterceptor):
    """EchoInterceptor for grpc.aio servers (serve_all_aio --interop)."""

    async def intercept_service(self, continuation, handler_call_details):
        handler = await continuation(handler_call_details)
        if handler is None:
            return None
        if handler.unary_unary:
            return handler._replace(unary_unary=_wrap_async(handler.unary_unary, False))
        if handler.unary_stream:
            return handler._replace(unary_stream=_wrap_async(handler.unary_stream, True))
        if handler.stream_unary:
            return handler._replace(stream_unary=_wrap_async(handler.stream_unary, False))
        return handler._replace(stream_stream=_wrap_async(handler.stream_stream, True))
