"""A grpcio server of shop/v1/shop.proto, written for the tests of `polyrpc list/describe/call`.

It is deliberately not polyrpc code: it compiles the proto with grpcio-tools at start, serves it with
plain grpcio, with server reflection unless --no-reflection, on 127.0.0.1 and the port given (0: the OS
picks), and prints "listening on 127.0.0.1:<port>" once it serves.
"""

import argparse
import importlib
import os
import sys
import tempfile
from concurrent import futures

import grpc
from grpc_tools import protoc

HERE = os.path.dirname(os.path.abspath(__file__))


def load_modules(out: str):
    """Generates shop/v1/shop_pb2{,_grpc}.py into `out` and imports them (a test fixture, so sys.path)."""
    include = os.path.join(os.path.dirname(protoc.__file__), "_proto")
    code = protoc.main(["protoc", f"-I{HERE}", f"-I{include}", f"--python_out={out}", f"--grpc_python_out={out}", "shop/v1/shop.proto"])
    if code != 0:
        sys.exit(f"protoc failed with {code}")
    sys.path.insert(0, out)
    return importlib.import_module("shop.v1.shop_pb2"), importlib.import_module("shop.v1.shop_pb2_grpc")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--no-reflection", action="store_true")
    args = parser.parse_args()
    pb2, pb2_grpc = load_modules(tempfile.mkdtemp(prefix="shop-py-"))

    items = [
        pb2.Item(id=9007199254740993, name="Dune", kind=pb2.KIND_BOOK, stock={"paris": 3, "lyon": 5000000000}, note="signed", cents=1999, tags=["sf"]),
        pb2.Item(id=2, name="Hammer", kind=pb2.KIND_TOOL, free_text="ask"),
    ]
    items[0].added.FromJsonString("2024-02-29T12:00:00Z")

    class Shop(pb2_grpc.ShopServicer):
        def GetItem(self, request, context):
            for item in items:
                if item.id == request.id:
                    context.send_initial_metadata((("x-shop", "open"),))
                    context.set_trailing_metadata((("x-served-by", "python"),))
                    return item
            context.abort(grpc.StatusCode.NOT_FOUND, f"no item with id {request.id}")

        def ListItems(self, request, context):
            for item in items:
                if request.kind in (pb2.KIND_UNSPECIFIED, item.kind):
                    yield item

        def AddItems(self, request_iterator, context):
            count = total = 0
            for item in request_iterator:
                count += 1
                total += item.cents
            return pb2.AddItemsResponse(count=count, total_cents=total)

        def Haggle(self, request_iterator, context):
            for offer in request_iterator:
                yield pb2.Offer(cents=offer.cents * 2)

    server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
    pb2_grpc.add_ShopServicer_to_server(Shop(), server)
    if not args.no_reflection:
        from grpc_reflection.v1alpha import reflection

        names = (pb2.DESCRIPTOR.services_by_name["Shop"].full_name, reflection.SERVICE_NAME)
        reflection.enable_server_reflection(names, server)
    port = server.add_insecure_port(f"127.0.0.1:{args.port}")
    server.start()
    print(f"listening on 127.0.0.1:{port}", flush=True)
    server.wait_for_termination()


if __name__ == "__main__":
    main()
