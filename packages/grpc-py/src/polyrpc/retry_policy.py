"""A gRPC retry policy for the idempotent methods of some services, as a service config for the channel
option `grpc.service_config`: the same JSON that @polyrpc/grpc's `retry` channel option builds.

A method is retried when its proto declares `option idempotency_level = IDEMPOTENT` or `NO_SIDE_EFFECTS`;
any other method is tried once, since a repeat could do its work twice.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Sequence, Tuple

from google.protobuf import descriptor_pb2
from google.protobuf.descriptor import MethodDescriptor, ServiceDescriptor

RETRYABLE_LEVELS = (descriptor_pb2.MethodOptions.IDEMPOTENT, descriptor_pb2.MethodOptions.NO_SIDE_EFFECTS)


@dataclass(frozen=True)
class RetryOptions:
    """The `retry` option of create_channel: which services' idempotent methods to retry, and how.
    max_attempts counts the first attempt too (grpc caps it at 5)."""

    services: Sequence[ServiceDescriptor]
    max_attempts: int = 3
    initial_backoff_ms: int = 200
    max_backoff_ms: int = 2000
    backoff_multiplier: float = 2
    retryable_status_codes: Tuple[str, ...] = ("UNAVAILABLE",)


def is_idempotent(method: MethodDescriptor) -> bool:
    """Whether the proto marks method IDEMPOTENT or NO_SIDE_EFFECTS."""
    return method.GetOptions().idempotency_level in RETRYABLE_LEVELS


def idempotent_methods(service: ServiceDescriptor) -> list[MethodDescriptor]:
    """The methods of a ServiceDescriptor that are safe to repeat, in declaration order."""
    return [m for m in service.methods if is_idempotent(m)]


def retry_service_config(options: RetryOptions) -> str:
    """The service config JSON that retries the idempotent methods of options.services, for
    `options=[("grpc.service_config", ...)]` (create_channel sets it for its `retry` option)."""
    names = [{"service": s.full_name, "method": m.name} for s in options.services for m in idempotent_methods(s)]
    config: dict[str, Any] = {"methodConfig": []}
    if names:
        config["methodConfig"].append(
            {
                "name": names,
                "retryPolicy": {
                    "maxAttempts": options.max_attempts,
                    "initialBackoff": _seconds(options.initial_backoff_ms),
                    "maxBackoff": _seconds(options.max_backoff_ms),
                    "backoffMultiplier": options.backoff_multiplier,
                    "retryableStatusCodes": list(options.retryable_status_codes),
                },
            }
        )
    return json.dumps(config, separators=(",", ":"))


def _seconds(ms: int) -> str:
    """A duration as the service config writes it: decimal seconds with an `s` suffix."""
    return f"{ms / 1000:g}s"
