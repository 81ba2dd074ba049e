"""Fault injection for the cross-language fault tests: serve_all --faults installs it. Not for production:
it lets any client slow the server down or make it fail.

For every call it prints `call started <path> id=<id> attempt=<n>` when the handler starts,
`call ended <path> id=<id>` when the RPC is over for grpc (context.add_callback: finished, cancelled or
the client gone) and `handler returned <path> id=<id>` when the handler's code is done and its worker
thread free, so a test in another process can count attempts and see a stream's resources released.
Request metadata steers it:

    x-fault-call-id        a name for the call; attempts are counted per (method, id)
    x-fault-fail-attempts  answer UNAVAILABLE to the first n attempts of that id (a retry policy's target)
    x-fault-delay-ms       wait this long before running the handler (cut short if the client goes away)
"""

import asyncio
import collections
import threading

import grpc

from polyrpc_interop.serving import say

CALL_ID = "x-fault-call-id"
FAIL_ATTEMPTS = "x-fault-fail-attempts"
DELAY_MS = "x-fault-delay-ms"


class FaultInterceptor(grpc.ServerInterceptor):
    """Counts and reports every call, and injects the failures and delays its metadata asks for."""

    def __init__(self):
        self._lock = threading.Lock()
        self._attempts = collections.Counter()

    def intercept_service(self, continuation, handler_call_details):
        handler = continuation(handler_call_details)
        if handler is None:  # unknown method: grpc answers UNIMPLEMENTED
            return None
        path = handler_call_details.method
        metadata = dict(handler_call_details.invocation_metadata)
        call_id = metadata.get(CALL_ID, "-")
        with self._lock:
            self._attempts[(path, call_id)] += 1
            attempt = self._attempts[(path, call_id)]
        fail = attempt <= int(metadata.get(FAIL_ATTEMPTS, "0"))
        delay = int(metadata.get(DELAY_MS, "0")) / 1000
        label = f"{path} id={call_id}"

        def before(context):
            say(f"call started {label} attempt={attempt}")
            gone = threading.Event()
            context.add_callback(gone.set)
            context.add_callback(lambda: say(f"call ended {label}"))
            if fail:
                context.abort(grpc.StatusCode.UNAVAILABLE, f"injected fault: attempt {attempt} of call {call_id}")
            if delay > 0:
                gone.wait(delay)

        if handler.unary_unary:
            return handler._replace(unary_unary=_wrap(handler.unary_unary, before, label, False))
        if handler.unary_stream:
            return handler._replace(unary_stream=_wrap(handler.unary_stream, before, label, True))
        if handler.stream_unary:
            return handler._replace(stream_unary=_wrap(handler.stream_unary, before, label, False))
        return handler._replace(stream_stream=_wrap(handler.stream_stream, before, label, True))


def _wrap(behavior, before, label, streaming_response):
    if streaming_response:

        def handler(request, context):
            try:
                before(context)
                yield from behavior(request, context)
            finally:
                say(f"handler returned {label}")

    else:

        def handler(request, context):
            try:
                before(context)
                return behavior(request, context)
            finally:
                say(f"handler returned {label}")

    return handler


class AsyncFaultInterceptor(grpc.aio.ServerInterceptor):
    """FaultInterceptor for grpc.aio servers (serve_all_aio --faults): the same metadata, lines and faults."""

    def __init__(self):
        self._attempts = collections.Counter()  # one event loop: no lock needed

    async def intercept_service(self, continuation, handler_call_details):
        handler = await continuation(handler_call_details)
        if handler is None:  # unknown method: grpc answers UNIMPLEMENTED
            return None
        path = handler_call_details.method
        metadata = dict(handler_call_details.invocation_metadata or ())
        call_id = metadata.get(CALL_ID, "-")
        self._attempts[(path, call_id)] += 1
        attempt = self._attempts[(path, call_id)]
        fail = attempt <= int(metadata.get(FAIL_ATTEMPTS, "0"))
        delay = int(metadata.get(DELAY_MS, "0")) / 1000
        label = f"{path} id={call_id}"

        async def before(context):
            say(f"call started {label} attempt={attempt}")
            context.add_done_callback(lambda _: say(f"call ended {label}"))
            if fail:
                await context.abort(grpc.StatusCode.UNAVAILABLE, f"injected fault: attempt {attempt} of call {call_id}")
            if delay > 0:
                await asyncio.sleep(delay)  # a client that goes away cancels the handler, and this sleep

        if handler.unary_unary:
            return handler._replace(unary_unary=_wrap_async(handler.unary_unary, before, label, False))
        if handler.unary_stream:
            return handler._replace(unary_stream=_wrap_async(handler.unary_stream, before, label, True))
        if handler.stream_unary:
            return handler._replace(stream_unary=_wrap_async(handler.stream_unary, before, label, False))
        return handler._replace(stream_stream=_wrap_async(handler.stream_stream, before, label, True))


def _wrap_async(behavior, before, label, streaming_response):
    if streaming_response:

        async def handler(request, context):
            try:
                await before(context)
                async for reply in behavior(request, context):
                    yield reply
            finally:
                say(f"handler returned {label}")

    else:

        async def handler(request, context):
            try:
                await before(context)
                return await behavior(request, context)
            finally:
                say(f"handler returned {label}")

    return handler
