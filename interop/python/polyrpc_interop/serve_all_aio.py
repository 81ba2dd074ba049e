"""Every seed service on one grpc.aio server (polyrpc.aio.create_server), with health and reflection: the
asyncio twin of serve_all, with the same flags but --max-workers.

    python -m polyrpc_interop.serve_all_aio --host 127.0.0.1 --port 0 [--push-interval 0.2] [--data PATH]
        [--interop] [--tls-cert F --tls-key F [--tls-ca F]] [--auth-token-file F] [--config F] [--faults]

Prints `listening on <host>:<port>` (the bound port) once it serves, and stops gracefully on SIGTERM or
SIGINT.
"""

import argparse
import asyncio
import sys

import polyrpc
import polyrpc.aio

from polyrpc_interop import aio_services, serving
from polyrpc_interop.contact import DEFAULT_PUSH_INTERVAL
from polyrpc_interop.fault_injection import AsyncFaultInterceptor
from polyrpc_interop.fidelity import AsyncFidelity
from polyrpc_interop.gen.polyrpc.fidelity.v1 import fidelity_pb2_grpc
from polyrpc_interop.interop_echo import AsyncEchoInterceptor
from polyrpc_interop.serve_all import tls_from_flags
from polyrpc_stubs.contact import contact_pb2_grpc
from polyrpc_stubs.firstmsg import first_msg_pb2_grpc
from polyrpc_stubs.helloworld import hello_pb2_grpc
from polyrpc_stubs.idc import indicator_graph_pb2_grpc, indicator_pb2_grpc
from polyrpc_stubs.routeguide import route_guide_pb2_grpc


def create_server(push_interval=DEFAULT_PUSH_INTERVAL, data=serving.DEFAULT_OHLC, interop=False, tls=None, auth=None, config=None, faults=False):
    """The grpc.aio server (a polyrpc.aio.PolyServer), not yet bound; call it inside the event loop that
    runs it. The options are serve_all.create_server's."""
    services = [
        polyrpc.service(hello_pb2_grpc.add_GreeterServicer_to_server, aio_services.Greeter()),
        polyrpc.service(first_msg_pb2_grpc.add_FirstMsgServicer_to_server, aio_services.FirstMsg()),
        polyrpc.service(route_guide_pb2_grpc.add_RouteGuideServicer_to_server, aio_services.RouteGuide()),
        polyrpc.service(contact_pb2_grpc.add_ContactServicer_to_server, aio_services.Contact(push_interval)),
        polyrpc.service(indicator_pb2_grpc.add_IndicatorServicer_to_server, aio_services.Indicator(data)),
        polyrpc.service(indicator_graph_pb2_grpc.add_IndicatorGraphServicer_to_server, aio_services.IndicatorGraph(data)),
        # Test-only: the fidelity cases' echo of every protobuf type (interop/cases/fidelity.yaml).
        polyrpc.service(fidelity_pb2_grpc.add_FidelityServiceServicer_to_server, AsyncFidelity()),
    ]
    return polyrpc.aio.create_server(
        services,
        tls=tls,
        auth=auth,
        limits=config,
        interceptors=((AsyncEchoInterceptor(),) if interop else ()) + ((AsyncFaultInterceptor(),) if faults else ()),
        shutdown_grace_s=serving.STOP_GRACE_SECONDS,
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description="Serve every polyrpc seed service on one port, on grpc.aio.")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=50051, help="port to bind, 0 lets the OS pick (default 50051)")
    parser.add_argument("--push-interval", type=float, default=DEFAULT_PUSH_INTERVAL, help=f"seconds between Contact task rounds (default {DEFAULT_PUSH_INTERVAL:g})")
    parser.add_argument("--data", default=serving.DEFAULT_OHLC, help="OHLC csv for the indicator services")
    parser.add_argument("--interop", action="store_true", help="echo the x-grpc-test-echo-* headers, for the interop suite")
    parser.add_argument("--tls-cert", help="serve TLS with this PEM certificate chain (needs --tls-key)")
    parser.add_argument("--tls-key", help="the PEM private key of --tls-cert")
    parser.add_argument("--tls-ca", help="require client certificates signed by this PEM CA (mutual TLS)")
    parser.add_argument("--auth-token-file", help="require 'authorization: Bearer <token>' but for health checks; one token a line")
    parser.add_argument("--config", help="limits (message sizes, streams, keepalive) as JSON; see SECURITY.md")
    parser.add_argument("--faults", action="store_true", help="report every call and inject faults from metadata, for the fault tests")
    args = parser.parse_args(argv)

    async def serve():
        try:
            server = create_server(
                args.push_interval,
                args.data,
                args.interop,
                tls=tls_from_flags(args.tls_cert, args.tls_key, args.tls_ca),
                auth=polyrpc.bearer_token_auth(polyrpc.read_token_file(args.auth_token_file)) if args.auth_token_file else None,
                config=polyrpc.load_limits_config(args.config) if args.config else None,
                faults=args.faults,
            )
            server.bind(args.port, args.host)
        except (OSError, RuntimeError, ValueError) as e:  # unreadable files, bad config, or a port that cannot be bound
            sys.exit(f"serve_all_aio: {e}")
        await server.run_until_signal()

    asyncio.run(serve())


if __name__ == "__main__":
    main()
