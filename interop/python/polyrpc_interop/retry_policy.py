"""A gRPC retry policy for the idempotent methods of some services, as a service config for the channel
option `grpc.service_config`: the same JSON that @polyrpc/grpc's `retry` channel option builds.

A method is retried when its proto declares `option idempotency_level = IDEMPOTENT` or `NO_SIDE_EFFECTS`;
any other method is tried once, since a repeat could do its work twice.
"""

import json

from google.protobuf import descriptor_pb2

RETRYABLE_LEVELS = (descriptor_pb2.MethodOptions.IDEMPOTENT, descriptor_pb2.MethodOptions.NO_SIDE_EFFECTS)


def idempotent_methods(service):
    """The methods of a ServiceDescriptor that are safe to repeat, in declaration order."""
    return [m for m in service.methods if m.GetOptions().idempotency_level in RETRYABLE_LEVELS]


def retry_service_config(
    services,
    max_attempts=3,
    initial_backoff_ms=200,
    max_backoff_ms=2000,
    backoff_multiplier=2,
    retryable_status_codes=("UNAVAILABLE",),
):
    """The service config JSON that retries the idempotent methods of services (ServiceDescriptors).

    max_attempts counts the first attempt too (grpc caps it at 5). Returns a JSON string for
    `grpc.insecure_channel(target, options=[("grpc.service_config", ...)])`.
    """
    names = [{"service": s.full_name, "method": m.name} for s in services for m in idempotent_methods(s)]
    config = {"methodConfig": []}
    if names:
        config["methodConfig"].append(
            {
                "name": names,
                "retryPolicy": {
                    "maxAttempts": max_attempts,
                    "initialBackoff": _seconds(initial_backoff_ms),
                    "maxBackoff": _seconds(max_backoff_ms),
                    "backoffMultiplier": backoff_multiplier,
                    "retryableStatusCodes": list(retryable_status_codes),
                },
            }
        )
    return json.dumps(config, separators=(",", ":"))


def _seconds(ms):
    """A duration as the service config writes it: decimal seconds with an `s` suffix."""
    return f"{ms / 1000:g}s"
