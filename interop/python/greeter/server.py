"""Greeter server, from the seed "go + python 快速入门grpc": python greeter/server.py [--host H] [--port P]"""

from polyrpc_interop import serving
from polyrpc_interop.greeter import Greeter
from polyrpc_stubs.helloworld import hello_pb2_grpc


def main():
    args = serving.server_arguments("Greeter server.", host="0.0.0.0", port=50051).parse_args()
    server = serving.new_server()
    hello_pb2_grpc.add_GreeterServicer_to_server(Greeter(), server)
    port = serving.bind(server, args.host, args.port)
    serving.run_until_signal(server, args.host, port)


if __name__ == "__main__":
    main()
