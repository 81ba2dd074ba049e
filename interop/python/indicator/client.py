"""Indicator client, from the seed "用gRPC封装python数据分析": python indicator/client.py [--target HOST:PORT]"""

from polyrpc_interop import indicator, serving


def main():
    args = serving.client_arguments("Indicator (MACD) client.", target="localhost:50051").parse_args()
    indicator.run(args.target)


if __name__ == "__main__":
    main()
