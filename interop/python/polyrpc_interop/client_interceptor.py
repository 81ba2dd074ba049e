"""A grpc client interceptor base that rewrites each call's details (timeout, metadata) the same way for
all four call kinds; limits.DeadlineInterceptor and auth.TokenInterceptor build on it."""

import collections

import grpc


class _Details(
    collections.namedtuple("_Details", ("method", "timeout", "metadata", "credentials", "wait_for_ready", "compression")),
    grpc.ClientCallDetails,
):
    pass


def replace_details(details, **changes):
    """A copy of grpc.ClientCallDetails with the given fields changed."""
    fields = {name: getattr(details, name, None) for name in _Details._fields}
    fields.update(changes)
    return _Details(**fields)


class CallDetailsInterceptor(
    grpc.UnaryUnaryClientInterceptor,
    grpc.UnaryStreamClientInterceptor,
    grpc.StreamUnaryClientInterceptor,
    grpc.StreamStreamClientInterceptor,
):
    """Subclasses implement rewrite(details) -> details."""

    def rewrite(self, details):
        raise NotImplementedError

    def intercept_unary_unary(self, continuation, details, request):
        return continuation(self.rewrite(details), request)

    def intercept_unary_stream(self, continuation, details, request):
        return continuation(self.rewrite(details), request)

    def intercept_stream_unary(self, continuation, details, request_iterator):
        return continuation(self.rewrite(details), request_iterator)

    def intercept_stream_stream(self, continuation, details, request_iterator):
        return continuation(self.rewrite(details), request_iterator)
