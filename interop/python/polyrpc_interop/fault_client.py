"""The Python side of the cross-language fault tests: a client that does one thing and prints what it saw.

    python -m polyrpc_interop.fault_client stream --target HOST:PORT
        opens Contact.getTask, prints `first message` once the first task arrives, reads on, and prints
        `status <CODE> <details>` when the stream ends (OK included)
    python -m polyrpc_interop.fault_client unary --target HOST:PORT --method SayHello|firstMsg
        [--retry] [--call-id ID] [--fail-attempts N] [--delay-ms N] [--timeout SECS] [--repeat N --interval-ms N]
        makes one call (or --repeat calls, one channel, --interval-ms apart) and prints `status OK <reply
        field>` or `status <CODE> <details>` for each; --retry uses retry_policy's service config, the
        others are fault_injection's metadata

Every line is flushed at once, so the test that drives it sees the moment each happened.
"""

import argparse
import time

import grpc
import polyrpc

from polyrpc_interop.fault_injection import CALL_ID, DELAY_MS, FAIL_ATTEMPTS
from polyrpc_interop.serving import say
from polyrpc_stubs.contact import contact_pb2, contact_pb2_grpc
from polyrpc_stubs.firstmsg import first_msg_pb2, first_msg_pb2_grpc
from polyrpc_stubs.helloworld import hello_pb2, hello_pb2_grpc


def stream(target, timeout):
    with grpc.insecure_channel(target) as channel:
        stub = contact_pb2_grpc.ContactStub(channel)
        try:
            for i, _ in enumerate(stub.getTask(contact_pb2.Empty(), timeout=timeout)):
                if i == 0:
                    say("first message")
            say("status OK")
        except grpc.RpcError as e:
            say(f"status {e.code().name} {e.details()}")


# A restarted server is found again within a second: reconnect attempts 0.2 s apart, growing to 1 s
# (grpc's defaults start at 1 s and grow to 120 s).
RECONNECT_OPTIONS = [("grpc.initial_reconnect_backoff_ms", 200), ("grpc.max_reconnect_backoff_ms", 1000)]


def unary(args):
    options = list(RECONNECT_OPTIONS)
    if args.retry:
        services = (
            hello_pb2.DESCRIPTOR.services_by_name["Greeter"],
            first_msg_pb2.DESCRIPTOR.services_by_name["FirstMsg"],
        )
        options.append(("grpc.service_config", polyrpc.retry_service_config(polyrpc.RetryOptions(services))))
    metadata = [(CALL_ID, args.call_id), (FAIL_ATTEMPTS, str(args.fail_attempts)), (DELAY_MS, str(args.delay_ms))]
    with grpc.insecure_channel(args.target, options=options) as channel:
        for i in range(args.repeat):
            if i > 0:
                time.sleep(args.interval_ms / 1000)
            try:
                if args.method == "SayHello":
                    reply = hello_pb2_grpc.GreeterStub(channel).SayHello(
                        hello_pb2.HelloRequest(name=args.call_id), timeout=args.timeout, metadata=metadata
                    )
                    say(f"status OK {reply.message}")
                else:
                    reply = first_msg_pb2_grpc.FirstMsgStub(channel).firstMsg(
                        first_msg_pb2.FirstMsgRequest(body='{"id": 1}'), timeout=args.timeout, metadata=metadata
                    )
                    say(f"status OK {reply.content}")
            except grpc.RpcError as e:
                say(f"status {e.code().name} {e.details()}")


def main(argv=None):
    parser = argparse.ArgumentParser(description="One client action for the fault tests.")
    commands = parser.add_subparsers(dest="command", required=True)
    stream_parser = commands.add_parser("stream", help="hold a Contact.getTask stream until it ends")
    stream_parser.add_argument("--target", required=True)
    stream_parser.add_argument("--timeout", type=float, default=60, help="deadline in seconds (default 60)")
    unary_parser = commands.add_parser("unary", help="one unary call")
    unary_parser.add_argument("--target", required=True)
    unary_parser.add_argument("--method", choices=("SayHello", "firstMsg"), required=True)
    unary_parser.add_argument("--retry", action="store_true", help="retry idempotent methods (retry_policy)")
    unary_parser.add_argument("--call-id", default="py", help="the x-fault-call-id and the request's name")
    unary_parser.add_argument("--fail-attempts", type=int, default=0)
    unary_parser.add_argument("--delay-ms", type=int, default=0)
    unary_parser.add_argument("--timeout", type=float, default=30, help="deadline in seconds (default 30)")
    unary_parser.add_argument("--repeat", type=int, default=1, help="calls to make on the one channel (default 1)")
    unary_parser.add_argument("--interval-ms", type=int, default=200, help="pause between repeated calls")
    args = parser.parse_args(argv)
    if args.command == "stream":
        stream(args.target, args.timeout)
    else:
        unary(args)


if __name__ == "__main__":
    main()
