"""IndicatorGraph client, from the seed "用gRPC封装python数据分析".

    python indicator_graph/client.py [--target HOST:PORT] [--output received_macd.png]
"""

from polyrpc_interop import indicator_graph, serving


def main():
    parser = serving.client_arguments("IndicatorGraph (MACD chart) client.", target="localhost:50051")
    parser.add_argument("--output", default="./received_macd.png", help="where to save the chart")
    args = parser.parse_args()
    indicator_graph.run(args.target, args.output)


if __name__ == "__main__":
    main()
