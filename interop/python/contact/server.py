"""Contact server, from the seed "基于grpc的流式方式实现双向通讯(python)".

    python contact/server.py [--host H] [--port P] [--push-interval SECONDS]
"""

from polyrpc_interop import serving
from polyrpc_interop.contact import DEFAULT_PUSH_INTERVAL, ContactServicer
from polyrpc_stubs.contact import contact_pb2_grpc


def serve():
    parser = serving.server_arguments("Contact server.", host="::", port=50051)
    parser.add_argument(
        "--push-interval",
        type=float,
        default=DEFAULT_PUSH_INTERVAL,
        help=f"seconds between task rounds (default {DEFAULT_PUSH_INTERVAL:g}, the seed's)",
    )
    args = parser.parse_args()
    server = serving.new_server()
    contact_pb2_grpc.add_ContactServicer_to_server(ContactServicer(args.push_interval), server)
    port = serving.bind(server, args.host, args.port)
    serving.run_until_signal(server, args.host, port)


if __name__ == "__main__":
    serve()
