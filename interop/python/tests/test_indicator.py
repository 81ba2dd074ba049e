"""Indicator.GetMACD over the wire, against an independent MACD computed here from the csv."""

import csv

import grpc
import numpy as np
import pytest

from helpers import RPC_TIMEOUT, field_violations
from polyrpc_interop.serving import DEFAULT_OHLC
from polyrpc_stubs.idc import indicator_pb2 as pb
from polyrpc_stubs.idc import indicator_pb2_grpc


def ema(values, span):
    """EMA with alpha = 2 / (span + 1), seeded with the first value (pandas' ewm(adjust=False))."""
    alpha = 2 / (span + 1)
    out = []
    for value in values:
        out.append(value if not out else alpha * value + (1 - alpha) * out[-1])
    return out


def expected_rows():
    with open(DEFAULT_OHLC, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    close = [float(row["close"]) for row in rows]
    macd = [fast - slow for fast, slow in zip(ema(close, 12), ema(close, 26), strict=True)]
    signal = ema(macd, 9)
    for row, m, s in zip(rows, macd, signal, strict=True):
        row.update(macd=m, signal=s, histogram=m - s)
        for field in ("open", "high", "low", "close"):
            row[field] = float(row[field])
    return rows


EXPECTED = expected_rows()
FLOAT_FIELDS = ("open", "close", "high", "low", "macd", "signal", "histogram")


def assert_float32_close(got, expected, what):
    """got is a float32 on the wire: it must be the float32 nearest to expected, give or take one ulp.

    The floor of 1e-12 covers values within rounding noise of zero, where the ulp itself vanishes.
    """
    nearest = np.float32(expected)
    assert got == np.float32(got), (what, got)
    assert abs(np.float32(got) - nearest) <= max(abs(np.spacing(nearest)), 1e-12), (what, got, expected)


def get_macd(channel, start_date="", end_date=""):
    stub = indicator_pb2_grpc.IndicatorStub(channel)
    return stub.GetMACD(pb.MACDRequest(start_date=start_date, end_date=end_date), timeout=RPC_TIMEOUT).macd


def assert_rows(reply, expected):
    assert [row.date for row in reply] == [row["date"] for row in expected]
    for got, want in zip(reply, expected, strict=True):
        for field in FLOAT_FIELDS:
            assert_float32_close(getattr(got, field), want[field], (want["date"], field))
        # Prices are exact in the csv: the wire carries their float32 exactly.
        assert got.close == np.float32(want["close"])


def test_the_series_is_long_enough_to_warm_up():
    assert len(EXPECTED) > 500 and EXPECTED[0]["date"] < "2023-01-01" < EXPECTED[-1]["date"]


def test_whole_series_when_both_dates_are_empty(channel):
    assert_rows(get_macd(channel), EXPECTED)


def test_range_keeps_the_full_series_emas(channel):
    # The first day of 2023 carries the EMA state of 2022, not a restart at the range.
    expected = [row for row in EXPECTED if "2023-01-01" <= row["date"] <= "2023-12-31"]
    reply = get_macd(channel, "2023-01-01", "2023-12-31")
    assert 200 < len(reply) <= 262
    assert_rows(reply, expected)
    assert abs(reply[0].macd) > 1e-3  # a restarted EMA would give exactly 0 on the first day


@pytest.mark.parametrize(
    "start, end, expected",
    [
        ("2023-06-01", "", [row for row in EXPECTED if row["date"] >= "2023-06-01"]),
        ("", "2022-03-01", [row for row in EXPECTED if row["date"] <= "2022-03-01"]),
        (EXPECTED[10]["date"], EXPECTED[10]["date"], [EXPECTED[10]]),
        ("2030-01-01", "2030-12-31", []),
        ("2022-01-01", "2022-01-02", []),  # a weekend before the first row
    ],
)
def test_bounds_are_inclusive_and_optional(channel, start, end, expected):
    assert_rows(get_macd(channel, start, end), expected)


BAD_DATES = [
    "2023-02-30",
    "2023-02-29",
    "2023-13-01",
    "2023-00-10",
    "0000-01-01",
    "2023-1-01",
    "23-01-01",
    "2023/01/01",
    "20230101",
    "2023-01-01T00:00:00",
    " 2023-01-01",
    "2023-01-01\n",
    "２０２３-01-01",  # full-width digits
    "date",
]


@pytest.mark.parametrize("value", BAD_DATES)
@pytest.mark.parametrize("field", ["start_date", "end_date"])
def test_bad_dates_are_invalid_argument(channel, field, value):
    with pytest.raises(grpc.RpcError) as raised:
        get_macd(channel, **{field: value})
    assert raised.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert raised.value.details() == f'invalid {field}: "{value}" is not a date in YYYY-MM-DD form'
    assert field_violations(raised.value) == [(field, raised.value.details())]


def test_leap_day_is_a_date(channel):
    assert [row.date for row in get_macd(channel, "2024-02-29", "2024-02-29")] == ["2024-02-29"]


def test_start_date_is_checked_before_end_date(channel):
    with pytest.raises(grpc.RpcError) as raised:
        get_macd(channel, "bad", "worse")
    assert raised.value.details() == 'invalid start_date: "bad" is not a date in YYYY-MM-DD form'


def test_reversed_range_is_invalid_argument(channel):
    with pytest.raises(grpc.RpcError) as raised:
        get_macd(channel, "2023-12-31", "2023-01-01")
    assert raised.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert raised.value.details() == "invalid range: start_date 2023-12-31 is after end_date 2023-01-01"
    assert field_violations(raised.value) == [("start_date", raised.value.details()), ("end_date", raised.value.details())]
