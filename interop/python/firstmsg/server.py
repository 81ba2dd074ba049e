"""FirstMsg server, from the seed "Python学习笔记-gRPC": python firstmsg/server.py [--host H] [--port P]"""

from polyrpc_interop import serving
from polyrpc_interop.firstmsg import CFirstMsgServicer
from polyrpc_stubs.firstmsg import first_msg_pb2_grpc


def startup():
    args = serving.server_arguments("FirstMsg server.", host="127.0.0.1", port=10080).parse_args()
    server = serving.new_server()
    first_msg_pb2_grpc.add_FirstMsgServicer_to_server(CFirstMsgServicer(), server)
    port = serving.bind(server, args.host, args.port)
    serving.run_until_signal(server, args.host, port)


if __name__ == "__main__":
    startup()
