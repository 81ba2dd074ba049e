"""Calls a polyrpc-server with the polyrpc-stubs wheel, from a virtualenv that holds only the wheel and its
dependencies. Used by the pack-and-install test:

    python call_server.py <host:port>

Prints one JSON object with what each call answered.
"""

import json
import sys

import grpc
from polyrpc_stubs.helloworld import hello_pb2, hello_pb2_grpc
from polyrpc_stubs.idc import indicator_pb2, indicator_pb2_grpc
from polyrpc_stubs.routeguide import route_guide_pb2, route_guide_pb2_grpc


def main(target: str) -> None:
    with grpc.insecure_channel(target) as channel:
        hello = hello_pb2_grpc.GreeterStub(channel).SayHello(hello_pb2.HelloRequest(name="wheel"), timeout=10)
        route_guide = route_guide_pb2_grpc.RouteGuideStub(channel)
        feature = route_guide.GetFeature(route_guide_pb2.Point(latitude=409146138, longitude=-746188906), timeout=10)
        points = [
            route_guide_pb2.Point(latitude=409146138, longitude=-746188906),
            route_guide_pb2.Point(latitude=410248224, longitude=-747127767),
        ]
        summary = route_guide.RecordRoute(iter(points), timeout=10)
        try:
            reversed_range = indicator_pb2.MACDRequest(start_date="2023-12-31", end_date="2023-01-01")
            indicator_pb2_grpc.IndicatorStub(channel).GetMACD(reversed_range, timeout=10)
            status = "OK"
        except grpc.RpcError as error:
            status = f"{error.code().name} {error.details()}"
    print(
        json.dumps(
            {
                "hello": hello.message,
                "feature": feature.name,
                "summary": [summary.point_count, summary.feature_count, summary.distance],
                "reversed": status,
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1])
