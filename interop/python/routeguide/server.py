"""RouteGuide server (grpc's route_guide_server.py, from the seed "gRPC" notes).

    python routeguide/server.py [--host H] [--port P]
"""

from polyrpc_interop import serving
from polyrpc_interop.routeguide import RouteGuideServicer
from polyrpc_stubs.routeguide import route_guide_pb2_grpc


def serve():
    args = serving.server_arguments("RouteGuide server.", host="::", port=50051).parse_args()
    server = serving.new_server()
    route_guide_pb2_grpc.add_RouteGuideServicer_to_server(RouteGuideServicer(), server)
    port = serving.bind(server, args.host, args.port)
    serving.run_until_signal(server, args.host, port)


if __name__ == "__main__":
    serve()
