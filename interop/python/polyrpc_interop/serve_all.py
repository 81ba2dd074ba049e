"""Every seed servicer on one grpc server, with grpc health and reflection.

    python -m polyrpc_interop.serve_all --host 127.0.0.1 --port 0 [--push-interval 0.2] [--data PATH]
        [--max-workers 32] [--interop] [--tls-cert F --tls-key F [--tls-ca F]] [--auth-token-file F] [--config F]
        [--faults]

Prints `listening on <host>:<port>` (the bound port) once it serves, and stops gracefully on SIGTERM or
SIGINT.
"""

import argparse
import sys

from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection

from polyrpc_interop import limits, serving, tls
from polyrpc_interop.auth import AuthInterceptor, bearer_token_check, read_token_file
from polyrpc_interop.contact import DEFAULT_PUSH_INTERVAL, ContactServicer
from polyrpc_interop.fault_injection import FaultInterceptor
from polyrpc_interop.firstmsg import CFirstMsgServicer
from polyrpc_interop.greeter import Greeter
from polyrpc_interop.indicator import Indicator
from polyrpc_interop.indicator_graph import IndicatorGraph
from polyrpc_interop.interop_echo import EchoInterceptor
from polyrpc_interop.routeguide import RouteGuideServicer
from polyrpc_stubs.contact import contact_pb2, contact_pb2_grpc
from polyrpc_stubs.firstmsg import first_msg_pb2, first_msg_pb2_grpc
from polyrpc_stubs.helloworld import hello_pb2, hello_pb2_grpc
from polyrpc_stubs.idc import indicator_graph_pb2, indicator_graph_pb2_grpc, indicator_pb2, indicator_pb2_grpc
from polyrpc_stubs.routeguide import route_guide_pb2, route_guide_pb2_grpc

# Each open getTask stream holds a worker thread for as long as its client stays, so the pool is larger
# than the seeds' 10 to leave room for the other services.
DEFAULT_MAX_WORKERS = 32

SERVICE_NAMES = (
    hello_pb2.DESCRIPTOR.services_by_name["Greeter"].full_name,
    first_msg_pb2.DESCRIPTOR.services_by_name["FirstMsg"].full_name,
    route_guide_pb2.DESCRIPTOR.services_by_name["RouteGuide"].full_name,
    contact_pb2.DESCRIPTOR.services_by_name["Contact"].full_name,
    indicator_pb2.DESCRIPTOR.services_by_name["Indicator"].full_name,
    indicator_graph_pb2.DESCRIPTOR.services_by_name["IndicatorGraph"].full_name,
)


def create_server(
    host,
    port,
    push_interval=DEFAULT_PUSH_INTERVAL,
    data=serving.DEFAULT_OHLC,
    max_workers=DEFAULT_MAX_WORKERS,
    interop=False,
    credentials=None,
    auth_check=None,
    config=None,
    faults=False,
):
    """Builds the server and binds host:port; returns (server, bound port). The caller starts it.
    With interop=True, every method echoes the gRPC interop test headers (interop_echo). credentials
    (tls.server_credentials) turn on TLS; auth_check (auth.bearer_token_check) requires a token on every call
    but health checks; config is a parsed limits config (limits.load_config); with faults=True, every call
    is reported and injects the faults its metadata asks for (fault_injection, for the fault tests)."""
    interceptors = (
        ((AuthInterceptor(auth_check),) if auth_check is not None else ())
        + ((EchoInterceptor(),) if interop else ())
        + ((FaultInterceptor(),) if faults else ())
    )
    server = serving.new_server(max_workers, interceptors, limits.server_options(config or {}))
    hello_pb2_grpc.add_GreeterServicer_to_server(Greeter(), server)
    first_msg_pb2_grpc.add_FirstMsgServicer_to_server(CFirstMsgServicer(), server)
    route_guide_pb2_grpc.add_RouteGuideServicer_to_server(RouteGuideServicer(), server)
    contact_pb2_grpc.add_ContactServicer_to_server(ContactServicer(push_interval), server)
    indicator_pb2_grpc.add_IndicatorServicer_to_server(Indicator(data), server)
    indicator_graph_pb2_grpc.add_IndicatorGraphServicer_to_server(IndicatorGraph(data), server)

    health_servicer = health.HealthServicer()
    for name in ("",) + SERVICE_NAMES:  # "" is the server as a whole
        health_servicer.set(name, health_pb2.HealthCheckResponse.SERVING)
    health_pb2_grpc.add_HealthServicer_to_server(health_servicer, server)

    reflection.enable_server_reflection(SERVICE_NAMES + (health.SERVICE_NAME, reflection.SERVICE_NAME), server)
    return server, serving.bind(server, host, port, credentials)


def main(argv=None):
    parser = argparse.ArgumentParser(description="Serve every polyrpc seed service on one port.")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=50051, help="port to bind, 0 lets the OS pick (default 50051)")
    parser.add_argument(
        "--push-interval",
        type=float,
        default=DEFAULT_PUSH_INTERVAL,
        help=f"seconds between Contact task rounds (default {DEFAULT_PUSH_INTERVAL:g})",
    )
    parser.add_argument("--data", default=serving.DEFAULT_OHLC, help="OHLC csv for the indicator services")
    parser.add_argument(
        "--max-workers", type=int, default=DEFAULT_MAX_WORKERS, help=f"worker threads (default {DEFAULT_MAX_WORKERS})"
    )
    parser.add_argument(
        "--interop", action="store_true", help="echo the x-grpc-test-echo-* headers, for the interop suite"
    )
    parser.add_argument("--tls-cert", help="serve TLS with this PEM certificate chain (needs --tls-key)")
    parser.add_argument("--tls-key", help="the PEM private key of --tls-cert")
    parser.add_argument("--tls-ca", help="require client certificates signed by this PEM CA (mutual TLS)")
    parser.add_argument(
        "--auth-token-file", help="require 'authorization: Bearer <token>' but for health checks; one token a line"
    )
    parser.add_argument("--config", help="limits (message sizes, streams, keepalive) as JSON; see SECURITY.md")
    parser.add_argument(
        "--faults", action="store_true", help="report every call and inject faults from metadata, for the fault tests"
    )
    args = parser.parse_args(argv)
    try:
        server, port = create_server(
            args.host,
            args.port,
            args.push_interval,
            args.data,
            args.max_workers,
            args.interop,
            credentials=tls.server_credentials(args.tls_cert, args.tls_key, args.tls_ca),
            auth_check=bearer_token_check(read_token_file(args.auth_token_file)) if args.auth_token_file else None,
            config=limits.load_config(args.config) if args.config else None,
            faults=args.faults,
        )
    except (OSError, RuntimeError, ValueError) as e:  # unreadable files, bad config, or a port that cannot be bound
        sys.exit(f"serve_all: {e}")
    serving.run_until_signal(server, args.host, port)


if __name__ == "__main__":
    main()
