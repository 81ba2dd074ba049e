"""IndicatorGraph server, from the seed "用gRPC封装python数据分析".

    python indicator_graph/server.py [--host H] [--port P] [--data OHLC.csv]
"""

from polyrpc_interop import serving
from polyrpc_interop.indicator_graph import IndicatorGraph
from polyrpc_stubs.idc import indicator_graph_pb2_grpc


def serve():
    parser = serving.server_arguments("IndicatorGraph (MACD chart) server.", host="::", port=50051)
    parser.add_argument("--data", default=serving.DEFAULT_OHLC, help="OHLC csv (default: the repo's synthetic series)")
    args = parser.parse_args()
    server = serving.new_server()
    indicator_graph_pb2_grpc.add_IndicatorGraphServicer_to_server(IndicatorGraph(args.data), server)
    port = serving.bind(server, args.host, args.port)
    serving.run_until_signal(server, args.host, port)


if __name__ == "__main__":
    serve()
