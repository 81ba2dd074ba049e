"""The fidelity service (interop/proto/polyrpc/fidelity/v1/fidelity.proto) in Python, for grpcio (Fidelity)
and grpc.aio (AsyncFidelity): every method but Nest answers what it was sent, as the protobuf runtime decoded
it, so what comes back is what Python's protobuf read and wrote; Nest builds a message as deep as asked. Its
TypeScript twin is interop/src/fidelity/fidelity-service.ts; the fidelity cases (interop/cases/fidelity.yaml)
hold them to the same answers."""

import grpc

from polyrpc_interop.gen.polyrpc.fidelity.v1 import fidelity_pb2, fidelity_pb2_grpc

# The most copies EchoStream sends for one request; more is INVALID_ARGUMENT.
ECHO_STREAM_MAX_COUNT = 100
# The deepest message Nest builds; more is INVALID_ARGUMENT.
NEST_MAX_DEPTH = 200


def count_error(count):
    """The INVALID_ARGUMENT message for an EchoStream count out of range, or None when it is in range."""
    if 0 <= count <= ECHO_STREAM_MAX_COUNT:
        return None
    return f"count {count} out of range: want 0 to {ECHO_STREAM_MAX_COUNT}"


def nest(depth):
    """(a Nested `depth` messages deep, level i holding a = i; None) for a depth in range, else (None, the
    INVALID_ARGUMENT message)."""
    if not 1 <= depth <= NEST_MAX_DEPTH:
        return None, f"depth {depth} out of range: want 1 to {NEST_MAX_DEPTH}"
    top = fidelity_pb2.Nested(a=1)
    level = top
    for i in range(2, depth + 1):
        level = level.child
        level.a = i
    return top, None


def through_narrow(wide):
    """wide read as Narrow (which knows only field 1), written back out and read as Wide again: fields 2 and 3
    survive only as Narrow's unknown fields."""
    narrow = fidelity_pb2.Narrow.FromString(wide.SerializeToString())
    return fidelity_pb2.Wide.FromString(narrow.SerializeToString())


class Fidelity(fidelity_pb2_grpc.FidelityServiceServicer):
    def Echo(self, request, context):
        return request

    def EchoStream(self, request, context):
        error = count_error(request.count)
        if error is not None:
            context.abort(grpc.StatusCode.INVALID_ARGUMENT, error)
        for _ in range(request.count):
            yield request.message

    def Collect(self, request_iterator, context):
        return fidelity_pb2.Collected(messages=list(request_iterator))

    def EchoEmpty(self, request, context):
        return request

    def EchoUnknown(self, request, context):
        return through_narrow(request)

    def Nest(self, request, context):
        message, error = nest(request.depth)
        if error is not None:
            context.abort(grpc.StatusCode.INVALID_ARGUMENT, error)
        return message


class AsyncFidelity(fidelity_pb2_grpc.FidelityServiceServicer):
    async def Echo(self, request, context):
        return request

    async def EchoStream(self, request, context):
        error = count_error(request.count)
        if error is not None:
            await context.abort(grpc.StatusCode.INVALID_ARGUMENT, error)
        for _ in range(request.count):
            yield request.message

    async def Collect(self, request_iterator, context):
        return fidelity_pb2.Collected(messages=[message async for message in request_iterator])

    async def EchoEmpty(self, request, context):
        return request

    async def EchoUnknown(self, request, context):
        return through_narrow(request)

    async def Nest(self, request, context):
        message, error = nest(request.depth)
        if error is not None:
            await context.abort(grpc.StatusCode.INVALID_ARGUMENT, error)
        return message
