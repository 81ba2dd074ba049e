"""The interop matrix cases on a grpc.aio channel (polyrpc.aio.create_channel): the asyncio twin of
matrix_client, with the same case names, requests and outcome shapes, printed as the same JSON lines.

    python -m polyrpc_interop.aio_matrix_client --target host:port [--tag py-aio] [--case NAME ...]
"""

import argparse
import asyncio
import json
import re
import sys
import time

import grpc
import grpc.aio
import polyrpc.aio

from polyrpc_interop.matrix_client import ECHO_METADATA, SEED_RECTANGLE, echo_outcome, field_violations, png_properties
from polyrpc_interop.serving import ROUTE_GUIDE_DB
from polyrpc_stubs.contact import contact_pb2, contact_pb2_grpc
from polyrpc_stubs.firstmsg import first_msg_pb2, first_msg_pb2_grpc
from polyrpc_stubs.helloworld import hello_pb2, hello_pb2_grpc
from polyrpc_stubs.idc import indicator_graph_pb2, indicator_graph_pb2_grpc, indicator_pb2, indicator_pb2_grpc
from polyrpc_stubs.routeguide import route_guide_pb2, route_guide_pb2_grpc

CASES = {}


def case(name):
    def register(fn):
        CASES[name] = fn
        return fn

    return register


async def expect_error(call):
    """Awaits call(), which must fail with a status; returns {"code", "message", "violations"}
    (the [field, description] pairs of its google.rpc.BadRequest details)."""
    try:
        await call()
    except grpc.aio.AioRpcError as e:
        return {"code": e.code().name, "message": e.details(), "violations": field_violations(e)}
    raise AssertionError("the call succeeded; an error status was expected")


async def raw_call(channel, path):
    try:
        await channel.unary_unary(path)(b"", timeout=10)
    except grpc.aio.AioRpcError as e:
        return {"code": e.code().name}
    return {"code": "OK"}


async def _items(values):
    for value in values:
        yield value


@case("greeter.say_hello")
async def greeter_say_hello(channel, tag):
    stub = hello_pb2_grpc.GreeterStub(channel)
    return {"messages": [(await stub.SayHello(hello_pb2.HelloRequest(name=n))).message for n in ("World", "世界")]}


@case("firstmsg.success")
async def firstmsg_success(channel, tag):
    body = '{"from": 1, "to": 2, "op_time": "2024-01-01 10:00:00", "msg": "hello"}'
    return {"content": (await first_msg_pb2_grpc.FirstMsgStub(channel).firstMsg(first_msg_pb2.FirstMsgRequest(body=body))).content}


@case("firstmsg.failure")
async def firstmsg_failure(channel, tag):
    return {"content": (await first_msg_pb2_grpc.FirstMsgStub(channel).firstMsg(first_msg_pb2.FirstMsgRequest(body=""))).content}


@case("firstmsg.invalid_json")
async def firstmsg_invalid_json(channel, tag):
    stub = first_msg_pb2_grpc.FirstMsgStub(channel)
    return await expect_error(lambda: stub.firstMsg(first_msg_pb2.FirstMsgRequest(body="{not json — ünïcode ✓")))


@case("routeguide.get_feature")
async def routeguide_get_feature(channel, tag):
    stub = route_guide_pb2_grpc.RouteGuideStub(channel)
    features = []
    for lat, lon in ((409146138, -746188906), (0, 0)):
        f = await stub.GetFeature(route_guide_pb2.Point(latitude=lat, longitude=lon))
        features.append({"name": f.name, "latitude": f.location.latitude, "longitude": f.location.longitude})
    return {"features": features}


@case("routeguide.list_features")
async def routeguide_list_features(channel, tag):
    return {"names": [f.name async for f in route_guide_pb2_grpc.RouteGuideStub(channel).ListFeatures(SEED_RECTANGLE)]}


@case("routeguide.record_route")
async def routeguide_record_route(channel, tag):
    with open(ROUTE_GUIDE_DB, encoding="utf-8") as f:
        db = json.load(f)
    points = [route_guide_pb2.Point(**entry["location"]) for entry in db] + [route_guide_pb2.Point(latitude=1, longitude=1)]
    s = await route_guide_pb2_grpc.RouteGuideStub(channel).RecordRoute(_items(points))
    return {"point_count": s.point_count, "feature_count": s.feature_count, "distance": s.distance, "elapsed_time_ok": 0 <= s.elapsed_time <= 60}


@case("routeguide.route_chat")
async def routeguide_route_chat(channel, tag):
    notes = [("First message", 0, 0), ("Second message", 0, 1), ("Third message", 1, 0), ("Fourth message", 0, 0), ("Fifth message", 1, 0)]
    requests = [route_guide_pb2.RouteNote(message=m, location=route_guide_pb2.Point(latitude=a, longitude=b)) for m, a, b in notes]
    call = route_guide_pb2_grpc.RouteGuideStub(channel).RouteChat(_items(requests))
    return {"received": [f"{n.message}@{n.location.latitude},{n.location.longitude}" async for n in call]}


@case("contact.send_status")
async def contact_send_status(channel, tag):
    messages = [contact_pb2.ClientMsg(msg=f"数据:{i}") for i in range(1, 16)]
    return {"replies": [r.ret async for r in contact_pb2_grpc.ContactStub(channel).sendStatus(_items(messages))]}


@case("contact.get_task")
async def contact_get_task(channel, tag):
    call = contact_pb2_grpc.ContactStub(channel).getTask(contact_pb2.Empty(), timeout=10)
    tasks = []
    async for task in call:
        tasks.append(task.task)
        if len(tasks) == 10:
            break
    call.cancel()

    def matches(task):
        m = re.fullmatch(r"任务:(\d+)", task)
        return m is not None and 100 <= int(m.group(1)) <= 200

    return {"count": len(tasks), "all_match": all(matches(t) for t in tasks)}


@case("contact.tell_result")
async def contact_tell_result(channel, tag):
    acks = [contact_pb2.Result(ret=f"客户端接收到任务:matrix-{tag}-{i}") for i in (1, 2)]
    await contact_pb2_grpc.ContactStub(channel).tellResult(_items(acks))
    return {"acks_sent": len(acks)}


@case("indicator.get_macd")
async def indicator_get_macd(channel, tag):
    reply = await indicator_pb2_grpc.IndicatorStub(channel).GetMACD(indicator_pb2.MACDRequest(start_date="2023-01-01", end_date="2023-12-31"))
    return {"rows": [[r.date, r.open, r.close, r.high, r.low, r.macd, r.signal, r.histogram] for r in reply.macd]}


@case("indicator.invalid_dates")
async def indicator_invalid_dates(channel, tag):
    stub = indicator_pb2_grpc.IndicatorStub(channel)
    ranges = (("2023-13-01", "2023-12-31"), ("2023-01-01", "31/12/2023"), ("2023-12-31", "2023-01-01"))
    return {"errors": [await expect_error(lambda s=s, e=e: stub.GetMACD(indicator_pb2.MACDRequest(start_date=s, end_date=e))) for s, e in ranges]}


@case("indicator_graph.get_macd_graph")
async def indicator_graph_get_macd_graph(channel, tag):
    request = indicator_graph_pb2.MACDGraphRequest(start_date="2023-01-01", end_date="2023-12-31", width=800, height=400)
    return png_properties([c async for c in indicator_graph_pb2_grpc.IndicatorGraphStub(channel).GetMACDGraph(request)])


@case("indicator_graph.chunk_size")
async def indicator_graph_chunk_size(channel, tag):
    request = indicator_graph_pb2.MACDGraphRequest(start_date="2023-01-01", end_date="2023-12-31", chunk_size=4096)
    return png_properties([c async for c in indicator_graph_pb2_grpc.IndicatorGraphStub(channel).GetMACDGraph(request)], 4096)


@case("indicator_graph.invalid_size")
async def indicator_graph_invalid_size(channel, tag):
    received = []

    async def call():
        async for chunk in indicator_graph_pb2_grpc.IndicatorGraphStub(channel).GetMACDGraph(indicator_graph_pb2.MACDGraphRequest(width=99)):
            received.append(chunk)

    return {**(await expect_error(call)), "chunks": len(received)}


@case("errors.custom_metadata")
async def errors_custom_metadata(channel, tag):
    unary_call = hello_pb2_grpc.GreeterStub(channel).SayHello(hello_pb2.HelloRequest(name="metadata"), metadata=ECHO_METADATA)
    await unary_call
    unary = echo_outcome(await unary_call.initial_metadata(), await unary_call.trailing_metadata())
    stream = route_guide_pb2_grpc.RouteGuideStub(channel).ListFeatures(SEED_RECTANGLE, metadata=ECHO_METADATA)
    async for _ in stream:  # drain: the trailers come at the end
        pass
    return {"unary": unary, "server_streaming": echo_outcome(await stream.initial_metadata(), await stream.trailing_metadata())}


@case("errors.deadline_exceeded")
async def errors_deadline_exceeded(channel, tag):
    async def call():
        async for _ in contact_pb2_grpc.ContactStub(channel).getTask(contact_pb2.Empty(), timeout=0.3):
            pass  # tasks may arrive before the deadline; only the final status matters

    return {"code": (await expect_error(call))["code"]}


@case("errors.cancel_after_first_response")
async def errors_cancel_after_first_response(channel, tag):
    call = contact_pb2_grpc.ContactStub(channel).getTask(contact_pb2.Empty(), timeout=10)
    received = 0
    try:
        async for _ in call:
            received += 1
            call.cancel()
    except asyncio.CancelledError:  # grpc.aio raises CancelledError from a cancelled call's iterator
        pass
    # grpc.aio ends a locally cancelled call without raising an AioRpcError; its status is the outcome.
    return {"code": (await call.code()).name, "received": received}


@case("errors.unimplemented_method")
async def errors_unimplemented_method(channel, tag):
    return await raw_call(channel, "/routeguide.RouteGuide/NoSuchMethod")


@case("errors.unimplemented_service")
async def errors_unimplemented_service(channel, tag):
    return await raw_call(channel, "/polyrpc.NoSuchService/NoSuchMethod")


async def run_case(channel, name, tag):
    """Runs one case, bounded to 30 s; returns its result line as a dict."""
    started = time.perf_counter()
    try:
        result = {"case": name, "outcome": await asyncio.wait_for(CASES[name](channel, tag), 30)}
    except grpc.aio.AioRpcError as e:
        result = {"case": name, "error": f"{e.code().name}: {e.details()}"}
    except Exception as e:  # any failure is the cell's failure, reported with its text
        result = {"case": name, "error": f"{type(e).__name__}: {e}"}
    result["ms"] = round((time.perf_counter() - started) * 1000, 1)
    return result


def main(argv=None):
    parser = argparse.ArgumentParser(description="Run the interop matrix cases on grpc.aio against a server (JSON lines).")
    parser.add_argument("--target", required=True, help="server address, host:port")
    parser.add_argument("--tag", default="py-aio", help="client tag in the acknowledgements (default py-aio)")
    parser.add_argument("--case", action="append", dest="cases", metavar="NAME", help="run only this case (repeatable)")
    args = parser.parse_args(argv)
    names = args.cases or list(CASES)
    unknown = [n for n in names if n not in CASES]
    if unknown:
        parser.error(f"unknown case {', '.join(unknown)}; cases are {', '.join(CASES)}")

    async def run_all():
        async with polyrpc.aio.create_channel(args.target) as channel:
            for name in names:
                print(json.dumps(await run_case(channel, name, args.tag), ensure_ascii=False), flush=True)

    asyncio.run(run_all())


if __name__ == "__main__":
    main(sys.argv[1:])
