"""Greeter client, from the seed "go + python 快速入门grpc": python greeter/client.py [--target HOST:PORT]"""

from polyrpc_interop import greeter, serving


def main():
    args = serving.client_arguments("Greeter client.", target="127.0.0.1:50051").parse_args()
    greeter.run(args.target)


if __name__ == "__main__":
    main()
