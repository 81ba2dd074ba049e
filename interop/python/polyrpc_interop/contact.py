"""Contact, from the seed "基于grpc的流式方式实现双向通讯(python)": a server that pushes tasks to a client.

The client announces itself with getTask and the server pushes tasks down that stream; the client
acknowledges them on tellResult, and reports its own status on sendStatus, all over one channel.
"""

import random
import threading

import grpc

from polyrpc_interop.serving import say
from polyrpc_stubs.contact import contact_pb2, contact_pb2_grpc

# Tasks the server makes per round, and the seed's pause between rounds, in seconds.
TASKS_PER_ROUND = 10
DEFAULT_PUSH_INTERVAL = 40.0
# The client's pause between two sendStatus rounds, and before it reconnects, in seconds (the seed's sleeps).
STATUS_INTERVAL = 60.0
RETRY_DELAY = 2.0
# How long the client waits for its sendStatus threads when it ends.
SENDER_JOIN_SECONDS = 10.0


class ContactServicer(contact_pb2_grpc.ContactServicer):
    def __init__(self, push_interval=DEFAULT_PUSH_INTERVAL):
        self.push_interval = push_interval
        # The seed's task queue: one list shared by every getTask stream, and each stream sends it from the
        # start, so a client that connects later first gets every task made so far.
        self.tasks = []

    def sendStatus(self, request_iterator, context):
        for note in request_iterator:
            # The seed built Result(result=...): the field is `ret`.
            yield contact_pb2.Result(ret=f"服务端接收到消息:{note.msg}")

    def getTask(self, request, context):
        client_gone = threading.Event()
        if not context.add_callback(client_gone.set):
            return  # the RPC ended before the handler ran
        say("服务端已接收到客户端上线通知,开始发送任务给客户端\n")
        last_index = 0
        while context.is_active():
            say("服务端开始发送任务给客户端了。。。。。。\n")
            while len(self.tasks) > last_index:
                n = self.tasks[last_index]
                last_index += 1
                yield n
                say(f"服务端发送给了客户端任务:{n.task}##########\n")
            # 顺便制造些服务端的任务数据用来填充到任务队列里面
            for _ in range(TASKS_PER_ROUND):
                num = random.randint(100, 200)
                self.tasks.append(contact_pb2.ServerMsg(task=f"任务:{num}"))
            # The seed slept here unconditionally; the wait ends as soon as the client goes away, so a
            # cancelled stream frees its worker thread at once instead of after a whole interval.
            if client_gone.wait(self.push_interval):
                return

    def tellResult(self, request_iterator, context):
        for response in request_iterator:
            say(f"我已经知道客户端接收到我发过去的任务:{response.ret}")
        return contact_pb2.Empty()


def make_some_data():
    """先制造一些客户端能发送的数据"""
    for _ in range(15):
        num = random.randint(1, 20)
        yield contact_pb2.ClientMsg(msg=f"数据:{num}")


class ContactClient:
    """The seed's client flow on one stub, plus a way to end it.

    rounds: end after receiving rounds * TASKS_PER_ROUND tasks (the server pushes them a round at a
    time); None runs until stop() is called, as the seed does forever.
    """

    def __init__(self, stub, rounds=None):
        self.stub = stub
        self.max_tasks = None if rounds is None else rounds * TASKS_PER_ROUND
        self.received = 0
        self.stopped = threading.Event()
        self._lock = threading.Lock()
        self._task_call = None

    def stop(self):
        """Ends the flow: no new sendStatus round, and the open getTask stream is cancelled."""
        with self._lock:
            self.stopped.set()
            if self._task_call is not None:
                self._task_call.cancel()

    def send_status(self):
        try:
            while not self.stopped.is_set():
                status_response = self.stub.sendStatus(make_some_data())
                for ret in status_response:
                    # The seed printed ret.result: the field is `ret`.
                    say(ret.ret)
                self.stopped.wait(STATUS_INTERVAL)
        except Exception as e:
            if not self.stopped.is_set():
                say(f"err in send_status:{e}")

    def get_task(self):
        """接收服务端发送过来的任务, yielding an acknowledgement for each."""
        with self._lock:
            if self.stopped.is_set():
                return
            call = self._task_call = self.stub.getTask(contact_pb2.Empty())
        try:
            for task in call:
                say(f"客户端已接收到服务端任务:{task.task}\n")
                # 顺便再告诉服务端我已经接收到你发的任务,你不用担心我没接收到它
                yield contact_pb2.Result(ret=f"客户端接收到任务:{task.task}")
                self.received += 1
                if self.max_tasks is not None and self.received >= self.max_tasks:
                    self.stop()
        except Exception as e:
            if not self.stopped.is_set():  # a cancel from stop() is the planned end, not an error
                say(f"err:{e}")
        finally:
            call.cancel()

    def tell_result(self):
        """客户端再通知服务端我接收到你的消息了"""
        self.stub.tellResult(self.get_task())


def run(target, rounds=None, seconds=None):
    """The seed's run(): status reports in a thread, tasks acknowledged on tellResult, reconnecting on error.

    Ends after `rounds` push rounds or `seconds` seconds, whichever comes first; with neither it runs
    until interrupted, as the seed does.
    """
    with grpc.insecure_channel(target) as channel:
        client = ContactClient(contact_pb2_grpc.ContactStub(channel), rounds)
        timer = None
        if seconds is not None:
            timer = threading.Timer(seconds, client.stop)
            timer.daemon = True
            timer.start()
        senders = []
        try:
            while not client.stopped.is_set():
                try:
                    # Like the seed, a fresh status thread for each connection attempt (the last one ended
                    # on the error that brought us back here).
                    sender = threading.Thread(target=client.send_status, daemon=True)
                    sender.start()
                    senders.append(sender)
                    client.tell_result()
                except grpc.RpcError as e:
                    say(f"server connected out, please retry:{e.code()},{e.details()}")
                except Exception as e:
                    say(f"unknown err:{e}")
                finally:
                    client.stopped.wait(RETRY_DELAY)
        finally:
            client.stop()
            if timer is not None:
                timer.cancel()
            # Let an in-flight sendStatus round finish before the channel closes under it.
            for sender in senders:
                sender.join(SENDER_JOIN_SECONDS)
