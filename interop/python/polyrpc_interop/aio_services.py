"""The seed services as grpc.aio servicers (coroutines and async generators), for serve_all_aio: the same
behaviour, replies, statuses and messages as the grpcio servicers beside them, whose helpers they reuse.
The pandas and matplotlib work of Indicator and IndicatorGraph runs in a worker thread (asyncio.to_thread),
so a chart being drawn does not stall the event loop's other calls."""

import asyncio
import json
import random
import time

import grpc

from polyrpc_interop import contact, firstmsg, indicator, indicator_graph, routeguide
from polyrpc_interop.invalid_request import abort_invalid_async as abort_invalid
from polyrpc_interop.serving import DEFAULT_OHLC, say

from polyrpc_stubs.contact import contact_pb2, contact_pb2_grpc
from polyrpc_stubs.firstmsg import first_msg_pb2, first_msg_pb2_grpc
from polyrpc_stubs.helloworld import hello_pb2, hello_pb2_grpc
from polyrpc_stubs.idc import indicator_graph_pb2_grpc, indicator_pb2, indicator_pb2_grpc
from polyrpc_stubs.routeguide import route_guide_pb2, route_guide_pb2_grpc


class Greeter(hello_pb2_grpc.GreeterServicer):
    async def SayHello(self, request, context):
        return hello_pb2.HelloReply(message=f"Hello, {request.name}")


class FirstMsg(first_msg_pb2_grpc.FirstMsgServicer):
    async def firstMsg(self, request, context):
        request_body = request.body
        say(f"receive client request : {request_body}")
        if request_body:
            try:
                data = json.loads(request_body, parse_constant=firstmsg._reject_constant)
            except ValueError:
                await abort_invalid(context, firstmsg.invalid_body(request_body))
            say(f"parse client request : {data}")
            return first_msg_pb2.FirstMsgResponse(content=json.dumps({"code": 200, "data": "success"}))
        return first_msg_pb2.FirstMsgResponse(content=json.dumps({"code": 500, "data": "failure"}))


class RouteGuide(route_guide_pb2_grpc.RouteGuideServicer):
    def __init__(self, db_path=routeguide.ROUTE_GUIDE_DB):
        self.db = routeguide.read_route_guide_database(db_path)

    async def GetFeature(self, request, context):
        feature = routeguide.get_feature(self.db, request)
        return route_guide_pb2.Feature(name="", location=request) if feature is None else feature

    async def ListFeatures(self, request, context):
        left = min(request.lo.longitude, request.hi.longitude)
        right = max(request.lo.longitude, request.hi.longitude)
        top = max(request.lo.latitude, request.hi.latitude)
        bottom = min(request.lo.latitude, request.hi.latitude)
        for feature in self.db:
            if left <= feature.location.longitude <= right and bottom <= feature.location.latitude <= top:
                yield feature

    async def RecordRoute(self, request_iterator, context):
        point_count = 0
        feature_count = 0
        distance = 0.0
        prev_point = None
        start_time = time.time()
        async for point in request_iterator:
            point_count += 1
            if routeguide.get_feature(self.db, point):  # counts unnamed db entries too, as the grpcio port
                feature_count += 1
            if prev_point:
                distance += routeguide.get_distance(prev_point, point)
            prev_point = point
        return route_guide_pb2.RouteSummary(
            point_count=point_count, feature_count=feature_count, distance=int(distance), elapsed_time=int(time.time() - start_time)
        )

    async def RouteChat(self, request_iterator, context):
        prev_notes = []
        async for new_note in request_iterator:
            for prev_note in prev_notes:
                if prev_note.location == new_note.location:
                    yield prev_note
            prev_notes.append(new_note)


class Contact(contact_pb2_grpc.ContactServicer):
    def __init__(self, push_interval=contact.DEFAULT_PUSH_INTERVAL):
        self.push_interval = push_interval
        self.tasks = []  # shared by every getTask stream, each sent from the start, as in the seed

    async def sendStatus(self, request_iterator, context):
        async for note in request_iterator:
            yield contact_pb2.Result(ret=f"服务端接收到消息:{note.msg}")

    async def getTask(self, request, context):
        say("服务端已接收到客户端上线通知,开始发送任务给客户端\n")
        last_index = 0
        while True:
            say("服务端开始发送任务给客户端了。。。。。。\n")
            while len(self.tasks) > last_index:
                n = self.tasks[last_index]
                last_index += 1
                yield n
                say(f"服务端发送给了客户端任务:{n.task}##########\n")
            for _ in range(contact.TASKS_PER_ROUND):
                self.tasks.append(contact_pb2.ServerMsg(task=f"任务:{random.randint(100, 200)}"))
            # A client that goes away cancels this coroutine (CancelledError at the await), which ends it.
            await asyncio.sleep(self.push_interval)

    async def tellResult(self, request_iterator, context):
        async for response in request_iterator:
            say(f"我已经知道客户端接收到我发过去的任务:{response.ret}")
        return contact_pb2.Empty()


class Indicator(indicator_pb2_grpc.IndicatorServicer):
    def __init__(self, data_path=DEFAULT_OHLC):
        self._sync = indicator.Indicator(data_path)

    async def GetMACD(self, request, context):
        error = indicator.range_error(request.start_date, request.end_date)
        if error is not None:
            await abort_invalid(context, error)
        return await asyncio.to_thread(self._sync.GetMACD, request, None)  # valid, so the context is not used


class IndicatorGraph(indicator_graph_pb2_grpc.IndicatorGraphServicer):
    def __init__(self, data_path=DEFAULT_OHLC):
        self.frame = indicator.load_macd(data_path)

    async def GetMACDGraph(self, request, context):
        error = indicator_graph.request_error(request)
        if error is not None:
            await abort_invalid(context, error)
        rows = indicator.select_range(self.frame, request.start_date, request.end_date)
        first = request.start_date or self.frame["date"].iloc[0]
        last = request.end_date or self.frame["date"].iloc[-1]
        png = await asyncio.to_thread(
            indicator_graph.render_macd_png,
            rows,
            f"MACD {first} to {last}",
            request.width or indicator_graph.DEFAULT_WIDTH,
            request.height or indicator_graph.DEFAULT_HEIGHT,
        )
        for reply in indicator_graph.png_chunks(png, request.chunk_size or indicator_graph.DEFAULT_CHUNK_SIZE):
            yield reply
