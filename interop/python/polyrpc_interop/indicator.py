"""Indicator, from the seed "用gRPC封装python数据分析": MACD over a daily price series.

The seed returned four made-up rows; this computes the real MACD with pandas over the whole series (so
the EMAs are warmed up by the days before the range), then keeps the requested days.
"""

import datetime
import re

import grpc
import pandas as pd

from polyrpc_interop.invalid_request import InvalidRequest, abort_invalid
from polyrpc_interop.serving import DEFAULT_OHLC
from polyrpc_stubs.idc import indicator_pb2, indicator_pb2_grpc

# Strict YYYY-MM-DD with ASCII digits (\d would also take other scripts' digits).
_DATE_FORM = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def load_macd(path=DEFAULT_OHLC):
    """Reads the OHLC csv (date,open,high,low,close, oldest first) and adds macd, signal and histogram."""
    frame = pd.read_csv(path, dtype={"date": str})
    if not frame["date"].is_monotonic_increasing:
        raise ValueError(f"{path}: dates are not in ascending order")
    ema12 = frame["close"].ewm(span=12, adjust=False).mean()
    ema26 = frame["close"].ewm(span=26, adjust=False).mean()
    frame["macd"] = ema12 - ema26
    frame["signal"] = frame["macd"].ewm(span=9, adjust=False).mean()
    frame["histogram"] = frame["macd"] - frame["signal"]
    return frame


def date_error(field, value):
    """The InvalidRequest for a bad date field, or None when it is empty or a real date."""
    if value == "":
        return None
    if _DATE_FORM.fullmatch(value):
        try:
            datetime.date(int(value[0:4]), int(value[5:7]), int(value[8:10]))
            return None
        except ValueError:  # month 13, 30 February, year 0000, ...
            pass
    return InvalidRequest(f'invalid {field}: "{value}" is not a date in YYYY-MM-DD form', (field,))


def range_error(start_date, end_date):
    """The InvalidRequest for a bad [start_date, end_date] request, or None when it is valid."""
    error = date_error("start_date", start_date) or date_error("end_date", end_date)
    if error is None and start_date and end_date and start_date > end_date:
        error = InvalidRequest(f"invalid range: start_date {start_date} is after end_date {end_date}", ("start_date", "end_date"))
    return error


def select_range(frame, start_date, end_date):
    """The rows with start_date <= date <= end_date; an empty bound leaves that side open.

    The dates are validated YYYY-MM-DD strings, so comparing them as strings compares them as dates.
    """
    keep = pd.Series(True, index=frame.index)
    if start_date:
        keep &= frame["date"] >= start_date
    if end_date:
        keep &= frame["date"] <= end_date
    return frame[keep]


class Indicator(indicator_pb2_grpc.IndicatorServicer):
    def __init__(self, data_path=DEFAULT_OHLC):
        self.frame = load_macd(data_path)

    def GetMACD(self, request, context):
        error = range_error(request.start_date, request.end_date)
        if error is not None:
            abort_invalid(context, error)
        rows = select_range(self.frame, request.start_date, request.end_date)
        macd = [
            indicator_pb2.MACDData(
                date=row.date,
                open=row.open,
                close=row.close,
                high=row.high,
                low=row.low,
                macd=row.macd,
                signal=row.signal,
                histogram=row.histogram,
            )
            for row in rows.itertuples(index=False)
        ]
        return indicator_pb2.MACDReply(macd=macd)


def run(target):
    """The seed's client: asks for 2023 and prints the reply."""
    with grpc.insecure_channel(target) as channel:
        stub = indicator_pb2_grpc.IndicatorStub(channel)
        response = stub.GetMACD(
            indicator_pb2.MACDRequest(
                start_date="2023-01-01",
                end_date="2023-12-31",
            )
        )

        print("indicator client received: ")
        print(response)
