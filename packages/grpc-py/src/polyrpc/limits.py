"""The limits config shared with the TypeScript side (@polyrpc/grpc limits.ts): one JSON file, validated
with the same rules and messages, mapped to grpcio's channel arguments. SECURITY.md has the table."""

from __future__ import annotations

import json
import re
from typing import Any, Dict

LimitsConfig = Dict[str, Any]
"""A validated limits config: the parsed JSON (camelCase keys, as the TypeScript side reads them)."""


_TOP = ("maxReceiveMessageBytes", "maxSendMessageBytes", "maxConcurrentStreams", "keepalive", "methodTimeoutsMs")
_KEEPALIVE = ("timeMs", "timeoutMs", "permitWithoutCalls", "minPingIntervalMs", "maxPingStrikes")
_MAX_INT32 = 2**31 - 1
_NAME = re.compile(r"^[A-Za-z_][\w.]*(/[A-Za-z_]\w*)?$")


def _json(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def _object(value: Any, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ValueError(f"{what}: expected a JSON object, got {_json(value)}")
    return value


def _unknown(obj: dict[str, Any], known: tuple[str, ...], prefix: str) -> None:
    for key in obj:
        if key not in known:
            raise ValueError(f"{prefix}{key}: unknown setting (expected one of {', '.join(known)})")


def _integer(value: Any, key: str, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not minimum <= value <= _MAX_INT32:
        raise ValueError(f"{key}: expected an integer from {minimum} to {_MAX_INT32}, got {_json(value)}")
    return value


def parse_limits_config(value: Any) -> LimitsConfig:
    """Checks a parsed JSON value against the schema; ValueError `<key>: <what is wrong>, got <value>`."""
    top = _object(value, "the config")
    _unknown(top, _TOP, "")
    config: dict[str, Any] = {}
    for key in ("maxReceiveMessageBytes", "maxSendMessageBytes", "maxConcurrentStreams"):
        if key in top:
            config[key] = _integer(top[key], key, 1 if key == "maxConcurrentStreams" else 0)
    if "keepalive" in top:
        k = _object(top["keepalive"], "keepalive")
        _unknown(k, _KEEPALIVE, "keepalive.")
        keepalive: dict[str, Any] = {}
        for key, minimum in (("timeMs", 1), ("timeoutMs", 1), ("minPingIntervalMs", 0), ("maxPingStrikes", 0)):
            if key in k:
                keepalive[key] = _integer(k[key], f"keepalive.{key}", minimum)
        if "permitWithoutCalls" in k:
            if not isinstance(k["permitWithoutCalls"], bool):
                raise ValueError(f"keepalive.permitWithoutCalls: expected true or false, got {_json(k['permitWithoutCalls'])}")
            keepalive["permitWithoutCalls"] = k["permitWithoutCalls"]
        config["keepalive"] = keepalive
    if "methodTimeoutsMs" in top:
        timeouts: dict[str, int] = {}
        for name, ms in _object(top["methodTimeoutsMs"], "methodTimeoutsMs").items():
            if not _NAME.match(name):
                raise ValueError(
                    f"methodTimeoutsMs: {_json(name)} is not a service (package.Service) or a method (package.Service/Method)"
                )
            timeouts[name] = _integer(ms, f"methodTimeoutsMs.{name}", 1)
        config["methodTimeoutsMs"] = timeouts
    return config


def load_limits_config(path: str) -> LimitsConfig:
    """Reads and validates a limits file; errors start with `config <path>: `."""
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except OSError as e:
        raise ValueError(f"config {path}: cannot read it: {e.strerror}") from e
    try:
        return parse_limits_config(json.loads(text))
    except (ValueError, json.JSONDecodeError) as e:
        raise ValueError(f"config {path}: {e}") from e


def _common(config: LimitsConfig) -> list[tuple[str, int]]:
    options = []
    if "maxReceiveMessageBytes" in config:
        options.append(("grpc.max_receive_message_length", config["maxReceiveMessageBytes"]))
    if "maxSendMessageBytes" in config:
        options.append(("grpc.max_send_message_length", config["maxSendMessageBytes"]))
    k = config.get("keepalive", {})
    if "timeMs" in k:
        options.append(("grpc.keepalive_time_ms", k["timeMs"]))
    if "timeoutMs" in k:
        options.append(("grpc.keepalive_timeout_ms", k["timeoutMs"]))
    if "permitWithoutCalls" in k:
        options.append(("grpc.keepalive_permit_without_calls", int(k["permitWithoutCalls"])))
    return options


def server_options_from_limits(config: LimitsConfig) -> list[tuple[str, int]]:
    """grpcio server options: sizes, streams, keepalive and the ping policy (which grpc-js servers lack)."""
    options = _common(config)
    if "maxConcurrentStreams" in config:
        options.append(("grpc.max_concurrent_streams", config["maxConcurrentStreams"]))
    k = config.get("keepalive", {})
    if "minPingIntervalMs" in k:
        options.append(("grpc.http2.min_ping_interval_without_data_ms", k["minPingIntervalMs"]))
    if "maxPingStrikes" in k:
        options.append(("grpc.http2.max_ping_strikes", k["maxPingStrikes"]))
    return options


def channel_options_from_limits(config: LimitsConfig) -> list[tuple[str, int]]:
    """grpcio channel options: sizes and keepalive (pings not capped by max_pings_without_data). The default
    method deadlines are not among them: grpcio applies service config timeouts about a second early
    (grpc/grpc#34547, #40633; 1.85 still does), so create_channel applies them with an interceptor instead."""
    options = _common(config)
    if "timeMs" in config.get("keepalive", {}):
        # grpc core otherwise stops pinging after 2 pings without data, which keepalive must not.
        options.append(("grpc.http2.max_pings_without_data", 0))
    return options


