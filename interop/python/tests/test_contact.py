"""Contact over the wire: the status echo, pushed tasks, printed acknowledgements, and a stream that ends."""

import itertools
import re
import sys
import threading
import time

import grpc
import pytest

from conftest import start_in_process
from helpers import RPC_TIMEOUT
from polyrpc_interop import contact as contact_module
from polyrpc_interop.serving import say
from polyrpc_stubs.contact import contact_pb2 as pb
from polyrpc_stubs.contact import contact_pb2_grpc
from polyrpc_stubs.helloworld import hello_pb2, hello_pb2_grpc

TASK = re.compile(r"任务:(\d+)")


@pytest.fixture
def stub(channel):
    return contact_pb2_grpc.ContactStub(channel)


def test_send_status_answers_each_message(stub):
    messages = [pb.ClientMsg(msg="数据:7"), pb.ClientMsg(msg=""), pb.ClientMsg(msg="hello")]
    replies = list(stub.sendStatus(iter(messages), timeout=RPC_TIMEOUT))
    assert [r.ret for r in replies] == ["服务端接收到消息:数据:7", "服务端接收到消息:", "服务端接收到消息:hello"]


@pytest.fixture
def said(monkeypatch):
    """What the Contact servicer says (prints), collected in order.

    Why not capfd: the servicer prints from the session server's worker threads, and pytest's fd capture
    swaps and truncates its file while such a thread may be writing; a fresh clone's CI once lost the
    first line that way. The text is exactly what say() prints: its argument and a newline.
    """
    lines = []
    lock = threading.Lock()

    def collect(text):
        with lock:
            lines.append(text + "\n")

    monkeypatch.setattr(contact_module, "say", collect)
    return lambda: "".join(lines)


def test_get_task_pushes_tasks_round_after_round(stub, said):
    call = stub.getTask(pb.Empty(), timeout=RPC_TIMEOUT)
    try:
        tasks = [message.task for message in itertools.islice(call, 25)]
    finally:
        call.cancel()
    assert len(tasks) == 25  # at least three rounds of 10 at PUSH_INTERVAL
    for task in tasks:
        match = TASK.fullmatch(task)
        assert match and 100 <= int(match.group(1)) <= 200
    out = said()
    assert "服务端已接收到客户端上线通知,开始发送任务给客户端\n\n" in out
    assert "服务端开始发送任务给客户端了。。。。。。\n\n" in out
    assert f"服务端发送给了客户端任务:{tasks[0]}##########\n\n" in out


def test_tell_result_prints_each_acknowledgement(stub, said):
    acks = [pb.Result(ret="客户端接收到任务:任务:101"), pb.Result(ret="客户端接收到任务:任务:202")]
    assert stub.tellResult(iter(acks), timeout=RPC_TIMEOUT) == pb.Empty()
    out = said()
    assert "我已经知道客户端接收到我发过去的任务:客户端接收到任务:任务:101\n" in out
    assert "我已经知道客户端接收到我发过去的任务:客户端接收到任务:任务:202\n" in out


def test_cancelled_get_task_frees_its_worker_without_waiting_out_the_interval(capfd):
    # One worker thread and a 60 s interval: if the cancelled getTask handler slept out its interval,
    # the SayHello after it could not run before its deadline.
    server, port = start_in_process(push_interval=60, max_workers=1)
    try:
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            call = contact_pb2_grpc.ContactStub(channel).getTask(pb.Empty(), timeout=RPC_TIMEOUT)
            deadline = time.monotonic() + 10
            out = ""
            while "服务端开始发送任务给客户端了" not in out and time.monotonic() < deadline:
                time.sleep(0.05)
                out += capfd.readouterr().out
            assert "服务端开始发送任务给客户端了" in out  # the handler is now waiting out its interval
            call.cancel()
            started = time.monotonic()
            reply = hello_pb2_grpc.GreeterStub(channel).SayHello(hello_pb2.HelloRequest(name="after"), timeout=10)
            assert reply.message == "Hello, after"
            assert time.monotonic() - started < 5
    finally:
        server.stop(None).wait(10)



def test_say_prints_the_text_and_its_newline_in_one_flushed_write(monkeypatch):
    # What the `said` fixture stands in for: each line reaches stdout whole, in one write, flushed.
    class Recorder:
        def __init__(self):
            self.calls = []

        def write(self, text):
            self.calls.append(("write", text))
            return len(text)

        def flush(self):
            self.calls.append(("flush",))

    out = Recorder()
    monkeypatch.setattr(sys, "stdout", out)
    say("服务端已接收到客户端上线通知,开始发送任务给客户端\n")
    # print() also writes its (empty) end separately; what counts is one write holding the whole line.
    assert [c for c in out.calls if c != ("write", "")] == [("write", "服务端已接收到客户端上线通知,开始发送任务给客户端\n\n"), ("flush",)]
