"""Every seed servicer on one grpc server, with grpc health and reflection.

    python -m polyrpc_interop.serve_all --host 127.0.0.1 --port 0 [--push-interval 0.2] [--data PATH]
        [--max-workers 32] [--interop] [--tls-cert F --tls-key F [--tls-ca F]] [--auth-token-file F] [--config F]
        [--faults]

Prints `listening on <host>:<port>` (the bound port) once it serves, and stops gracefully on SIGTERM or
SIGINT.
"""

import argparse
import sys

import polyrpc

from polyrpc_interop import serving
from polyrpc_interop.contact import DEFAULT_PUSH_INTERVAL, ContactServicer
from polyrpc_interop.fault_injection import FaultInterceptor
from polyrpc_interop.fidelity import Fidelity
from polyrpc_interop.firstmsg import CFirstMsgServicer
from polyrpc_interop.gen.polyrpc.fidelity.v1 import fidelity_pb2_grpc
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
    tls=None,
    auth=None,
    config=None,
    faults=False,
):
    """Builds the server with polyrpc.create_server (health and reflection on) and binds host:port; returns
    (the grpc.Server, bound port). The caller starts it. With interop=True, every method echoes the gRPC
    interop test headers (interop_echo). tls (polyrpc.ServerTls) turns on TLS; auth (a check such as
    polyrpc.bearer_token_auth(tokens)) requires a token on every call but health checks; config is a parsed
    limits config (polyrpc.load_limits_config); with faults=True, every call is reported and injects the
    faults its metadata asks for (fault_injection, for the fault tests)."""
    services = [
        polyrpc.service(hello_pb2_grpc.add_GreeterServicer_to_server, Greeter()),
        polyrpc.service(first_msg_pb2_grpc.add_FirstMsgServicer_to_server, CFirstMsgServicer()),
        polyrpc.service(route_guide_pb2_grpc.add_RouteGuideServicer_to_server, RouteGuideServicer()),
        polyrpc.service(contact_pb2_grpc.add_ContactServicer_to_server, ContactServicer(push_interval)),
        polyrpc.service(indicator_pb2_grpc.add_IndicatorServicer_to_server, Indicator(data)),
        polyrpc.service(indicator_graph_pb2_grpc.add_IndicatorGraphServicer_to_server, IndicatorGraph(data)),
        # Test-only: the fidelity cases' echo of every protobuf type (interop/cases/fidelity.yaml).
        polyrpc.service(fidelity_pb2_grpc.add_FidelityServiceServicer_to_server, Fidelity()),
    ]
    interceptors = ((EchoInterceptor(),) if interop else ()) + ((FaultInterceptor(),) if faults else ())
    server = polyrpc.create_server(
        services,
        tls=tls,
        auth=auth,
        limits=config,
        interceptors=interceptors,
        max_workers=max_workers,
        shutdown_grace_s=serving.STOP_GRACE_SECONDS,
    )
    return server.grpc_server, server.bind(port, host).port


def tls_from_flags(cert, key, ca):
    """polyrpc.ServerTls for --tls-cert/--tls-key[/--tls-ca], or None for plaintext when none is given."""
    if cert is None and key is None:
        if ca is not None:
            raise ValueError("--tls-ca given without --tls-cert and --tls-key")
        return None
    return polyrpc.ServerTls(cert, key, ca)


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
            tls=tls_from_flags(args.tls_cert, args.tls_key, args.tls_ca),
            auth=polyrpc.bearer_token_auth(polyrpc.read_token_file(args.auth_token_file)) if args.auth_token_file else None,
            config=polyrpc.load_limits_config(args.config) if args.config else None,
            faults=args.faults,
        )
    except (OSError, RuntimeError, ValueError) as e:  # unreadable files, bad config, or a port that cannot be bound
        sys.exit(f"serve_all: {e}")
    serving.run_until_signal(server, args.host, port)


if __name__ == "__main__":
    main()
