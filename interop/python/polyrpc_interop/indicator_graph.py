"""IndicatorGraph, from the seed "用gRPC封装python数据分析": a MACD chart streamed as a PNG in chunks.

The seed streamed a ready-made ./macd.png in 1 KiB chunks; this draws the chart for the requested range
with matplotlib, in memory, and streams it with the polyrpc additions: each chunk's offset, the file's
total size on every chunk, and its SHA-256 on the last one.
"""

import io
import sys

import grpc
import pandas as pd
import polyrpc
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from polyrpc_interop.indicator import load_macd, range_error, select_range
from polyrpc_interop.invalid_request import InvalidRequest, abort_invalid
from polyrpc_interop.serving import DEFAULT_OHLC
from polyrpc_stubs.idc import indicator_graph_pb2, indicator_graph_pb2_grpc

DEFAULT_CHUNK_SIZE = 1024  # the seed's chunk size
# Same bound as the TypeScript server: the largest chunk that, with the reply's other fields, still fits
# gRPC's default 4 MiB (4194304-byte) receive limit.
MAX_CHUNK_SIZE = 4_000_000
DEFAULT_WIDTH = 1000
DEFAULT_HEIGHT = 600
MIN_SIDE = 100
MAX_SIDE = 4000
DPI = 100


def request_error(request):
    """The InvalidRequest for a bad request, or None; checks dates, chunk_size, width, height."""
    error = range_error(request.start_date, request.end_date)
    if error is None and request.chunk_size != 0 and not 1 <= request.chunk_size <= MAX_CHUNK_SIZE:
        error = InvalidRequest(f"invalid chunk_size: {request.chunk_size} is outside 1..{MAX_CHUNK_SIZE}", ("chunk_size",))
    for field in ("width", "height"):
        value = getattr(request, field)
        if error is None and value != 0 and not MIN_SIDE <= value <= MAX_SIDE:
            error = InvalidRequest(f"invalid {field}: {value} is outside {MIN_SIDE}..{MAX_SIDE}", (field,))
    return error


def render_macd_png(rows, title, width, height):
    """Draws close on top and MACD, signal and histogram below, as a width x height PNG."""
    # A Figure with its own Agg canvas rather than pyplot: pyplot's global state is not safe to share
    # between the server's worker threads.
    figure = Figure(figsize=(width / DPI, height / DPI), dpi=DPI)
    FigureCanvasAgg(figure)
    price_axes, macd_axes = figure.subplots(2, 1, sharex=True, gridspec_kw={"height_ratios": [2, 1]})
    figure.suptitle(title)
    if rows.empty:
        for axes in (price_axes, macd_axes):
            axes.text(0.5, 0.5, "no data", transform=axes.transAxes, ha="center", va="center", fontsize="large")
    else:
        dates = pd.to_datetime(rows["date"])
        price_axes.plot(dates, rows["close"], color="tab:blue", linewidth=1, label="close")
        price_axes.legend(loc="upper left", fontsize="small")
        bar_colors = ["tab:green" if value >= 0 else "tab:red" for value in rows["histogram"]]
        macd_axes.bar(dates, rows["histogram"], color=bar_colors, width=0.8, label="histogram")
        macd_axes.plot(dates, rows["macd"], color="tab:blue", linewidth=1, label="MACD")
        macd_axes.plot(dates, rows["signal"], color="tab:orange", linewidth=1, label="signal")
        macd_axes.axhline(0, color="grey", linewidth=0.5)
        macd_axes.legend(loc="upper left", fontsize="small")
    price_axes.set_ylabel("close")
    macd_axes.set_ylabel("MACD(12, 26, 9)")
    price_axes.grid(alpha=0.3)
    macd_axes.grid(alpha=0.3)
    figure.autofmt_xdate()
    buffer = io.BytesIO()
    # No bbox_inches="tight": it would crop the canvas and change the pixel size.
    figure.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


def png_chunks(png, chunk_size):
    """The replies for png in chunk_size pieces (polyrpc.split_chunks): offset and total_size on each,
    sha256 on the last."""
    for chunk in polyrpc.split_chunks(png, chunk_size):
        yield indicator_graph_pb2.MACDGraphReply(
            macd_chunk=chunk.data, offset=chunk.offset, total_size=chunk.total_size, sha256=chunk.sha256
        )


class IndicatorGraph(indicator_graph_pb2_grpc.IndicatorGraphServicer):
    def __init__(self, data_path=DEFAULT_OHLC):
        self.frame = load_macd(data_path)

    def GetMACDGraph(self, request, context):
        error = request_error(request)
        if error is not None:
            abort_invalid(context, error)
        rows = select_range(self.frame, request.start_date, request.end_date)
        first = request.start_date or self.frame["date"].iloc[0]
        last = request.end_date or self.frame["date"].iloc[-1]
        png = render_macd_png(
            rows,
            f"MACD {first} to {last}",
            request.width or DEFAULT_WIDTH,
            request.height or DEFAULT_HEIGHT,
        )
        yield from png_chunks(png, request.chunk_size or DEFAULT_CHUNK_SIZE)


def run(target, output):
    """The seed's client: asks for the 2023 chart and writes it to output.

    The seed only concatenated the chunks; this also checks them against offset, total_size and sha256,
    and exits with an error when the file did not arrive whole.
    """
    with grpc.insecure_channel(target) as channel:
        stub = indicator_graph_pb2_grpc.IndicatorGraphStub(channel)

        print("indicator client received: ")
        replies = stub.GetMACDGraph(
            indicator_graph_pb2.MACDGraphRequest(
                start_date="2023-01-01",
                end_date="2023-12-31",
            )
        )
        try:
            received = polyrpc.reassemble_chunks(replies, "macd_chunk")
        except polyrpc.ChunkError as e:
            sys.exit(str(e))
        with open(output, mode="wb") as f:
            f.write(received)
