"""The limits config: the same checks and messages as @polyrpc/grpc's parseLimitsConfig, mapped to grpcio's
channel arguments."""

from __future__ import annotations

import pytest

import polyrpc


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({"maxReceiveMessageBytes": "4MB"}, 'maxReceiveMessageBytes: expected an integer from 0 to 2147483647, got "4MB"'),
        ({"maxConcurrentStreams": 0}, "maxConcurrentStreams: expected an integer from 1 to 2147483647, got 0"),
        ({"maxSendMessageBytes": True}, "maxSendMessageBytes: expected an integer from 0 to 2147483647, got true"),
        ({"maxStreams": 1}, "maxStreams: unknown setting (expected one of maxReceiveMessageBytes, maxSendMessageBytes, maxConcurrentStreams, keepalive, methodTimeoutsMs)"),
        ({"keepalive": {"timeMS": 1}}, "keepalive.timeMS: unknown setting (expected one of timeMs, timeoutMs, permitWithoutCalls, minPingIntervalMs, maxPingStrikes)"),
        ({"keepalive": {"permitWithoutCalls": 1}}, "keepalive.permitWithoutCalls: expected true or false, got 1"),
        ({"methodTimeoutsMs": {"Greeter/": 5}}, 'methodTimeoutsMs: "Greeter/" is not a service (package.Service) or a method (package.Service/Method)'),
        ({"methodTimeoutsMs": {"Greeter": 0}}, "methodTimeoutsMs.Greeter: expected an integer from 1 to 2147483647, got 0"),
        ([], "the config: expected a JSON object, got []"),
    ],
)
def test_names_the_setting_like_the_typescript_check(value, message):
    with pytest.raises(ValueError) as raised:
        polyrpc.parse_limits_config(value)
    assert str(raised.value) == message


def test_maps_settings_to_grpcio_options():
    config = polyrpc.parse_limits_config(
        {
            "maxSendMessageBytes": 1,
            "maxConcurrentStreams": 8,
            "keepalive": {"timeMs": 1000, "permitWithoutCalls": True, "minPingIntervalMs": 1000, "maxPingStrikes": 2},
            "methodTimeoutsMs": {"Greeter": 1500},
        }
    )
    assert polyrpc.server_options_from_limits(config) == [
        ("grpc.max_send_message_length", 1),
        ("grpc.keepalive_time_ms", 1000),
        ("grpc.keepalive_permit_without_calls", 1),
        ("grpc.max_concurrent_streams", 8),
        ("grpc.http2.min_ping_interval_without_data_ms", 1000),
        ("grpc.http2.max_ping_strikes", 2),
    ]
    # Default deadlines are applied by create_channel's interceptor, not as a service config (grpc/grpc#34547).
    assert polyrpc.channel_options_from_limits(config) == [
        ("grpc.max_send_message_length", 1),
        ("grpc.keepalive_time_ms", 1000),
        ("grpc.keepalive_permit_without_calls", 1),
        ("grpc.http2.max_pings_without_data", 0),
    ]


def test_an_unreadable_file_is_named(tmp_path):
    missing = tmp_path / "nope.json"
    with pytest.raises(ValueError, match=f"^config {missing}: cannot read it: No such file or directory$"):
        polyrpc.load_limits_config(str(missing))
    broken = tmp_path / "broken.json"
    broken.write_text("{")
    with pytest.raises(ValueError, match=f"^config {broken}: Expecting property name"):
        polyrpc.load_limits_config(str(broken))
