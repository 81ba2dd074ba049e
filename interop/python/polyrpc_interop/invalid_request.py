"""Bad request values: the INVALID_ARGUMENT status with a google.rpc.BadRequest detail naming the fields,
as the TypeScript seed services send it (packages/server/src/map-domain-error.ts)."""

from typing import NamedTuple

import grpc
import polyrpc
import polyrpc.aio


class InvalidRequest(NamedTuple):
    """A request value the caller got wrong: the INVALID_ARGUMENT message, and the proto field names at
    fault, sent as the field violations of a google.rpc.BadRequest (as the TypeScript server does)."""

    message: str
    fields: tuple


def bad_request(fields, description):
    """The details of an INVALID_ARGUMENT status: one BadRequest with a violation of each field, or none."""
    if not fields:
        return []
    return [polyrpc.BadRequest(field_violations=[polyrpc.BadRequest.FieldViolation(field=f, description=description) for f in fields])]


def abort_invalid(context, error):
    """Ends a grpcio call with INVALID_ARGUMENT, the error's message and its BadRequest detail."""
    polyrpc.abort_with_details(context, grpc.StatusCode.INVALID_ARGUMENT, error.message, bad_request(error.fields, error.message))


async def abort_invalid_async(context, error):
    """Ends a grpc.aio call with INVALID_ARGUMENT, the error's message and its BadRequest detail."""
    await polyrpc.aio.abort_with_details(context, grpc.StatusCode.INVALID_ARGUMENT, error.message, bad_request(error.fields, error.message))
