"""The Python client of the interop matrix: runs the cases of interop/CASES.md against a server and prints
one JSON line per case, `{"case", "outcome" | "error", "ms"}`. The TypeScript client
(interop/src/matrix/ts-client-cases.ts) implements the same cases; the runner compares their outcomes.

    python -m polyrpc_interop.matrix_client --target 127.0.0.1:50051 [--tag py] [--case NAME ...]
        [--ca F [--cert F --key F]] [--token-file F] [--config F]
"""

import argparse
import hashlib
import json
import re
import sys
import time

import grpc
import polyrpc

from polyrpc_interop.serving import ROUTE_GUIDE_DB
from polyrpc_stubs.contact import contact_pb2, contact_pb2_grpc
from polyrpc_stubs.firstmsg import first_msg_pb2, first_msg_pb2_grpc
from polyrpc_stubs.helloworld import hello_pb2, hello_pb2_grpc
from polyrpc_stubs.idc import indicator_graph_pb2, indicator_graph_pb2_grpc, indicator_pb2, indicator_pb2_grpc
from polyrpc_stubs.routeguide import route_guide_pb2, route_guide_pb2_grpc

SEED_RECTANGLE = route_guide_pb2.Rectangle(
    lo=route_guide_pb2.Point(latitude=400000000, longitude=-750000000),
    hi=route_guide_pb2.Point(latitude=420000000, longitude=-730000000),
)
ECHO_METADATA = (("x-grpc-test-echo-initial", "test_initial_metadata_value"), ("x-grpc-test-echo-trailing-bin", b"\xab\xab\xab"))
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
CASES = {}


def case(name):
    def register(fn):
        CASES[name] = fn
        return fn

    return register


def expect_error(call):
    """Runs call, which must fail with a status; returns {"code", "message", "violations"}
    (the [field, description] pairs of its google.rpc.BadRequest details)."""
    try:
        call()
    except grpc.RpcError as e:
        return {"code": e.code().name, "message": e.details(), "violations": field_violations(e)}
    raise AssertionError("the call succeeded; an error status was expected")


def field_violations(error):
    """The [field, description] pairs of the google.rpc.BadRequest details of a failed call."""
    return [[v.field, v.description] for detail in polyrpc.find_details(error, polyrpc.BadRequest) for v in detail.field_violations]


def png_properties(chunks, full_chunk=None):
    data = b"".join(c.macd_chunk for c in chunks)
    offset = 0
    contiguous = True
    for c in chunks:
        contiguous = contiguous and c.offset == offset
        offset += len(c.macd_chunk)
    is_png = data[:8] == PNG_SIGNATURE
    outcome = {
        "png": is_png,
        "width": int.from_bytes(data[16:20], "big") if is_png else 0,
        "height": int.from_bytes(data[20:24], "big") if is_png else 0,
        "offsets_contiguous": contiguous,
        "total_size_consistent": all(c.total_size == len(data) for c in chunks),
        "sha256_ok": bool(chunks) and chunks[-1].sha256 == hashlib.sha256(data).digest(),
        "max_chunk_ok": all(len(c.macd_chunk) <= 65536 for c in chunks),
    }
    if full_chunk is not None:
        outcome["chunks_full"] = all(len(c.macd_chunk) == full_chunk for c in chunks[:-1])
    return outcome


def echo_outcome(initial_metadata, trailing_metadata):
    initial = dict(initial_metadata or ()).get("x-grpc-test-echo-initial", "")
    trailing = dict(trailing_metadata or ()).get("x-grpc-test-echo-trailing-bin", b"")
    return {"initial": initial, "trailing_bin": trailing.hex()}


def raw_call(channel, path):
    call = channel.unary_unary(path, request_serializer=None, response_deserializer=None)
    try:
        call(b"", timeout=10)
    except grpc.RpcError as e:
        return {"code": e.code().name}
    return {"code": "OK"}


@case("greeter.say_hello")
def greeter_say_hello(channel, tag):
    stub = hello_pb2_grpc.GreeterStub(channel)
    return {"messages": [stub.SayHello(hello_pb2.HelloRequest(name=n)).message for n in ("World", "世界")]}


@case("firstmsg.success")
def firstmsg_success(channel, tag):
    body = '{"from": 1, "to": 2, "op_time": "2024-01-01 10:00:00", "msg": "hello"}'
    return {"content": first_msg_pb2_grpc.FirstMsgStub(channel).firstMsg(first_msg_pb2.FirstMsgRequest(body=body)).content}


@case("firstmsg.failure")
def firstmsg_failure(channel, tag):
    return {"content": first_msg_pb2_grpc.FirstMsgStub(channel).firstMsg(first_msg_pb2.FirstMsgRequest(body="")).content}


@case("firstmsg.invalid_json")
def firstmsg_invalid_json(channel, tag):
    stub = first_msg_pb2_grpc.FirstMsgStub(channel)
    return expect_error(lambda: stub.firstMsg(first_msg_pb2.FirstMsgRequest(body="{not json — ünïcode ✓")))


@case("routeguide.get_feature")
def routeguide_get_feature(channel, tag):
    stub = route_guide_pb2_grpc.RouteGuideStub(channel)
    features = []
    for lat, lon in ((409146138, -746188906), (0, 0)):
        f = stub.GetFeature(route_guide_pb2.Point(latitude=lat, longitude=lon))
        features.append({"name": f.name, "latitude": f.location.latitude, "longitude": f.location.longitude})
    return {"features": features}


@case("routeguide.list_features")
def routeguide_list_features(channel, tag):
    return {"names": [f.name for f in route_guide_pb2_grpc.RouteGuideStub(channel).ListFeatures(SEED_RECTANGLE)]}


@case("routeguide.record_route")
def routeguide_record_route(channel, tag):
    with open(ROUTE_GUIDE_DB, encoding="utf-8") as f:
        db = json.load(f)
    points = [route_guide_pb2.Point(**entry["location"]) for entry in db] + [route_guide_pb2.Point(latitude=1, longitude=1)]
    s = route_guide_pb2_grpc.RouteGuideStub(channel).RecordRoute(iter(points))
    return {
        "point_count": s.point_count,
        "feature_count": s.feature_count,
        "distance": s.distance,
        "elapsed_time_ok": 0 <= s.elapsed_time <= 60,
    }


@case("routeguide.route_chat")
def routeguide_route_chat(channel, tag):
    notes = [("First message", 0, 0), ("Second message", 0, 1), ("Third message", 1, 0), ("Fourth message", 0, 0), ("Fifth message", 1, 0)]
    requests = (route_guide_pb2.RouteNote(message=m, location=route_guide_pb2.Point(latitude=a, longitude=b)) for m, a, b in notes)
    received = [f"{n.message}@{n.location.latitude},{n.location.longitude}" for n in route_guide_pb2_grpc.RouteGuideStub(channel).RouteChat(requests)]
    return {"received": received}


@case("contact.send_status")
def contact_send_status(channel, tag):
    messages = (contact_pb2.ClientMsg(msg=f"数据:{i}") for i in range(1, 16))
    return {"replies": [r.ret for r in contact_pb2_grpc.ContactStub(channel).sendStatus(messages)]}


@case("contact.get_task")
def contact_get_task(channel, tag):
    call = contact_pb2_grpc.ContactStub(channel).getTask(contact_pb2.Empty(), timeout=10)
    tasks = []
    for task in call:
        tasks.append(task.task)
        if len(tasks) == 10:
            break
    call.cancel()

    def matches(task):
        m = re.fullmatch(r"任务:(\d+)", task)
        return m is not None and 100 <= int(m.group(1)) <= 200

    return {"count": len(tasks), "all_match": all(matches(t) for t in tasks)}


@case("contact.tell_result")
def contact_tell_result(channel, tag):
    acks = [contact_pb2.Result(ret=f"客户端接收到任务:matrix-{tag}-{i}") for i in (1, 2)]
    contact_pb2_grpc.ContactStub(channel).tellResult(iter(acks))
    return {"acks_sent": len(acks)}


@case("indicator.get_macd")
def indicator_get_macd(channel, tag):
    reply = indicator_pb2_grpc.IndicatorStub(channel).GetMACD(indicator_pb2.MACDRequest(start_date="2023-01-01", end_date="2023-12-31"))
    return {"rows": [[r.date, r.open, r.close, r.high, r.low, r.macd, r.signal, r.histogram] for r in reply.macd]}


@case("indicator.invalid_dates")
def indicator_invalid_dates(channel, tag):
    stub = indicator_pb2_grpc.IndicatorStub(channel)
    ranges = (("2023-13-01", "2023-12-31"), ("2023-01-01", "31/12/2023"), ("2023-12-31", "2023-01-01"))
    return {"errors": [expect_error(lambda s=s, e=e: stub.GetMACD(indicator_pb2.MACDRequest(start_date=s, end_date=e))) for s, e in ranges]}


@case("indicator_graph.get_macd_graph")
def indicator_graph_get_macd_graph(channel, tag):
    request = indicator_graph_pb2.MACDGraphRequest(start_date="2023-01-01", end_date="2023-12-31", width=800, height=400)
    return png_properties(list(indicator_graph_pb2_grpc.IndicatorGraphStub(channel).GetMACDGraph(request)))


@case("indicator_graph.chunk_size")
def indicator_graph_chunk_size(channel, tag):
    request = indicator_graph_pb2.MACDGraphRequest(start_date="2023-01-01", end_date="2023-12-31", chunk_size=4096)
    return png_properties(list(indicator_graph_pb2_grpc.IndicatorGraphStub(channel).GetMACDGraph(request)), 4096)


@case("indicator_graph.invalid_size")
def indicator_graph_invalid_size(channel, tag):
    received = []

    def call():
        for chunk in indicator_graph_pb2_grpc.IndicatorGraphStub(channel).GetMACDGraph(indicator_graph_pb2.MACDGraphRequest(width=99)):
            received.append(chunk)

    return {**expect_error(call), "chunks": len(received)}


@case("errors.custom_metadata")
def errors_custom_metadata(channel, tag):
    _, unary_call = hello_pb2_grpc.GreeterStub(channel).SayHello.with_call(hello_pb2.HelloRequest(name="metadata"), metadata=ECHO_METADATA)
    unary = echo_outcome(unary_call.initial_metadata(), unary_call.trailing_metadata())
    stream = route_guide_pb2_grpc.RouteGuideStub(channel).ListFeatures(SEED_RECTANGLE, metadata=ECHO_METADATA)
    for _ in stream:  # drain: the trailers come at the end
        pass
    return {"unary": unary, "server_streaming": echo_outcome(stream.initial_metadata(), stream.trailing_metadata())}


@case("errors.deadline_exceeded")
def errors_deadline_exceeded(channel, tag):
    def call():
        for _ in contact_pb2_grpc.ContactStub(channel).getTask(contact_pb2.Empty(), timeout=0.3):
            pass  # tasks may arrive before the deadline; only the final status matters

    return {"code": expect_error(call)["code"]}


@case("errors.cancel_after_first_response")
def errors_cancel_after_first_response(channel, tag):
    call = contact_pb2_grpc.ContactStub(channel).getTask(contact_pb2.Empty(), timeout=10)
    received = 0

    def read():
        nonlocal received
        for _ in call:
            received += 1
            call.cancel()

    return {"code": expect_error(read)["code"], "received": received}


@case("errors.unimplemented_method")
def errors_unimplemented_method(channel, tag):
    return raw_call(channel, "/routeguide.RouteGuide/NoSuchMethod")


@case("errors.unimplemented_service")
def errors_unimplemented_service(channel, tag):
    return raw_call(channel, "/polyrpc.NoSuchService/NoSuchMethod")


def run_case(channel, name, tag):
    """Runs one case; returns its result line as a dict."""
    started = time.perf_counter()
    try:
        result = {"case": name, "outcome": CASES[name](channel, tag)}
    except Exception as e:  # any failure is the cell's failure, reported with its text
        detail = f"{e.code().name}: {e.details()}" if isinstance(e, grpc.RpcError) else f"{type(e).__name__}: {e}"
        result = {"case": name, "error": detail}
    result["ms"] = round((time.perf_counter() - started) * 1000, 1)
    return result


def open_channel(args):
    """The channel the flags ask for (polyrpc.create_channel): TLS when --ca, --cert or --key is given,
    plaintext otherwise; the --config limits and default deadlines, the --token-file token."""
    tls = None if args.ca is None and args.cert is None and args.key is None else polyrpc.ClientTls(args.ca, args.cert, args.key)
    return polyrpc.create_channel(
        args.target,
        tls=tls,
        token=polyrpc.read_token_file(args.token_file)[0] if args.token_file else None,
        limits=polyrpc.load_limits_config(args.config) if args.config else None,
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description="Run the interop matrix cases against a server (JSON lines).")
    parser.add_argument("--target", required=True, help="server address, host:port")
    parser.add_argument("--tag", default="py", help="client tag in the acknowledgements (default py)")
    parser.add_argument("--case", action="append", dest="cases", metavar="NAME", help="run only this case (repeatable)")
    parser.add_argument("--ca", help="use TLS, trusting this PEM CA (without it: plaintext)")
    parser.add_argument("--cert", help="client certificate for mutual TLS (PEM; needs --key and --ca)")
    parser.add_argument("--key", help="the PEM private key of --cert")
    parser.add_argument("--token-file", help="send 'authorization: Bearer <the first line of this file>' on every call")
    parser.add_argument("--config", help="the limits config (sizes, keepalive, default deadlines); see SECURITY.md")
    args = parser.parse_args(argv)
    names = args.cases or list(CASES)
    unknown = [n for n in names if n not in CASES]
    if unknown:
        parser.error(f"unknown case {', '.join(unknown)}; cases are {', '.join(CASES)}")
    try:
        channel = open_channel(args)
    except ValueError as e:
        parser.error(str(e))
    with channel:
        for name in names:
            print(json.dumps(run_case(channel, name, args.tag), ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
