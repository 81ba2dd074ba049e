"""RouteGuide client (grpc's route_guide_client.py, from the seed "gRPC" notes).

    python routeguide/client.py [--target HOST:PORT]
"""

from polyrpc_interop import routeguide, serving


def main():
    args = serving.client_arguments("RouteGuide client.", target="localhost:50051").parse_args()
    routeguide.run(args.target)


if __name__ == "__main__":
    main()
