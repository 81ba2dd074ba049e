"""Greeter, from the seed "go + python 快速入门grpc" (grpc's helloworld example)."""

import grpc

from polyrpc_stubs.helloworld import hello_pb2, hello_pb2_grpc


class Greeter(hello_pb2_grpc.GreeterServicer):
    def SayHello(self, request, context):
        return hello_pb2.HelloReply(message=f"Hello, {request.name}")


def run(target):
    """The seed's client: greets "World" and prints the reply."""
    with grpc.insecure_channel(target) as channel:
        stub = hello_pb2_grpc.GreeterStub(channel)
        rsp: hello_pb2.HelloReply = stub.SayHello(hello_pb2.HelloRequest(name="World"))
        print(rsp.message)
