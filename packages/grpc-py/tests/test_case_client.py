"""`python -m polyrpc.case_client`, the Python client of `polyrpc interop --cases`, run as the runner runs it (a
subprocess fed one job on stdin) against a real grpcio server of tests/testdata/case_client_test.proto, whose
descriptor set protoc writes into tmp and whose classes the test loads from it."""

from __future__ import annotations

import base64
import contextlib
import json
import math
import socket
import subprocess
import sys
import threading
import time
from concurrent import futures
from pathlib import Path
from typing import Optional

import grpc
import grpc_tools
import pytest
from conftest import RPC_TIMEOUT
from google.protobuf import descriptor_pb2, descriptor_pool, message_factory
from google.rpc import error_details_pb2, status_pb2

import polyrpc
from polyrpc.tls import ServerTls, server_credentials
from polyrpc_stubs.helloworld import hello_pb2

TESTDATA = Path(__file__).resolve().parent / "testdata"
BAD = "must not be bad"


@pytest.fixture(scope="session")
def descriptor_set(tmp_path_factory) -> descriptor_pb2.FileDescriptorSet:
    """The test proto's FileDescriptorSet with its imports, plus google/rpc/status.proto and error_details.proto
    as the runner adds them; google/protobuf/duration.proto (an import of error_details.proto) is left out on
    purpose, so the client must take it from Python's own pool."""
    out = tmp_path_factory.mktemp("protoset") / "cases.protoset"
    include = Path(grpc_tools.__file__).parent / "_proto"
    run = subprocess.run(
        [sys.executable, "-m", "grpc_tools.protoc", f"-I{TESTDATA}", f"-I{include}", "--include_imports", f"--descriptor_set_out={out}", "case_client_test.proto"],
        capture_output=True, text=True, timeout=120,
    )
    assert run.returncode == 0, run.stderr
    files = descriptor_pb2.FileDescriptorSet.FromString(out.read_bytes())
    assert [f.name for f in files.file] == ["google/protobuf/timestamp.proto", "case_client_test.proto"]
    for module in (status_pb2, error_details_pb2):
        module.DESCRIPTOR.CopyToProto(files.file.add())
    return files


@pytest.fixture(scope="session")
def classes(descriptor_set):
    """Item and Tally from the descriptor set, in a pool of their own (the test's server uses them)."""
    pool = descriptor_pool.DescriptorPool()
    for file in descriptor_set.file[:2]:  # protoc writes imports first
        pool.Add(file)
    return message_factory.GetMessageClass(pool.FindMessageTypeByName("casetest.v1.Item")), message_factory.GetMessageClass(pool.FindMessageTypeByName("casetest.v1.Tally"))


@pytest.fixture
def server(classes):
    """A grpcio server of casetest.v1.Cases on 127.0.0.1:0; `calls` lists the methods it was called with."""
    with cases_server(classes) as started:
        yield started


@contextlib.contextmanager
def cases_server(classes, credentials: Optional[grpc.ServerCredentials] = None):
    """Serves casetest.v1.Cases on 127.0.0.1:0 (over TLS with credentials); yields (target, calls)."""
    Item, Tally = classes
    calls: list[str] = []
    lock = threading.Lock()

    def seen(name):
        with lock:
            calls.append(name)

    def get(request, context):
        seen("Get")
        if request.name == "bad":
            bad = error_details_pb2.BadRequest(field_violations=[error_details_pb2.BadRequest.FieldViolation(field="name", description=BAD)])
            polyrpc.abort_with_details(context, grpc.StatusCode.INVALID_ARGUMENT, "invalid name: bad", [bad, hello_pb2.HelloRequest(name="not in the set")])
        if request.name == "sleep":
            time.sleep(2)
        reply = Item()
        reply.CopyFrom(request)
        if request.name == "odd":
            reply.color = 7  # an open enum keeps numbers it has no name for
        if request.name == "meta":
            reply.tags.extend(v if k == "x-tenant" else v.hex() for k, v in context.invocation_metadata() if k in ("x-tenant", "trace-bin"))
        return reply

    def list_items(request, context):
        seen("List")
        for tag in request.tags:
            yield Item(name=tag, big=request.big)
        if request.name == "fail":
            context.abort(grpc.StatusCode.NOT_FOUND, "no more items after 2")

    def count(requests, context):
        seen("Count")
        names = [r.name for r in requests]
        return Tally(count=len(names), names=names)

    def chat(requests, context):
        seen("Chat")
        for request in requests:
            yield Item(name=f"re: {request.name}")

    handler = grpc.method_handlers_generic_handler("casetest.v1.Cases", {
        name: factory(behaviour, request_deserializer=Item.FromString, response_serializer=lambda m: m.SerializeToString())
        for name, factory, behaviour in (
            ("Get", grpc.unary_unary_rpc_method_handler, get),
            ("List", grpc.unary_stream_rpc_method_handler, list_items),
            ("Count", grpc.stream_unary_rpc_method_handler, count),
            ("Chat", grpc.stream_stream_rpc_method_handler, chat),
        )
    })
    grpc_server = grpc.server(futures.ThreadPoolExecutor(max_workers=4), handlers=[handler])
    port = grpc_server.add_insecure_port("127.0.0.1:0") if credentials is None else grpc_server.add_secure_port("127.0.0.1:0", credentials)
    grpc_server.start()
    try:
        yield f"127.0.0.1:{port}", calls
    finally:
        grpc_server.stop(0).wait(RPC_TIMEOUT)


def job(target, descriptor_set, cases, **extra):
    return json.dumps({"target": target, "descriptorSet": base64.b64encode(descriptor_set.SerializeToString()).decode(), "cases": cases, **extra})


def run_client(stdin: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "polyrpc.case_client"], input=stdin, capture_output=True, text=True, timeout=60)


def outcomes_of(stdin: str) -> list[dict]:
    run = run_client(stdin)
    assert (run.returncode, run.stderr) == (0, ""), run.stderr
    assert run.stdout.endswith("}\n") and "NaN" not in run.stdout.replace('"NaN"', "")  # strict JSON: no bare NaN
    return json.loads(run.stdout)["outcomes"]


def b64(*messages) -> list[str]:
    return [base64.b64encode(m.SerializeToString()).decode() for m in messages]


def case(name, method, kind, requests, **extra):
    return {"name": name, "method": f"casetest.v1.Cases/{method}", "kind": kind, "requests": requests, **extra}


ODD = {"name": "odd", "big": "9007199254740993", "samples": ["NaN", -0.0, "Infinity", 1.5], "at": "2026-11-27T07:00:00.123Z"}


def test_runs_a_call_of_each_kind_and_prints_proto3_json_and_the_wire_bytes(server, descriptor_set, classes):
    target, calls = server
    Item, Tally = classes
    outcomes = outcomes_of(job(target, descriptor_set, [
        case("unary", "Get", "unary", [ODD], metadata={}, timeoutMs=5000),
        case("server", "List", "server_streaming", [{"big": "-9223372036854775808", "tags": ["a", "b"]}], timeoutMs=None),
        case("client", "Count", "client_streaming", [{"name": "x"}, {"name": "y"}, {}]),
        case("bidi", "Chat", "bidi_streaming", [{"name": "1"}, {"name": "2"}]),
        case("bidi.empty", "Chat", "bidi_streaming", []),
    ]))
    odd = Item(name="odd", big=9007199254740993, color=7, samples=[math.nan, -0.0, math.inf, 1.5])
    odd.at.FromJsonString("2026-11-27T07:00:00.123Z")
    low = -9223372036854775808
    ok = {"status": "OK", "message": "", "details": [], "clientError": None}
    assert outcomes == [
        {"name": "unary", "responses": [{**ODD, "color": 7}], "rawResponses": b64(odd), **ok},
        {"name": "server", "responses": [{"name": "a", "big": str(low)}, {"name": "b", "big": str(low)}],
         "rawResponses": b64(Item(name="a", big=low), Item(name="b", big=low)), **ok},
        {"name": "client", "responses": [{"count": 3, "names": ["x", "y", ""]}], "rawResponses": b64(Tally(count=3, names=["x", "y", ""])), **ok},
        {"name": "bidi", "responses": [{"name": "re: 1"}, {"name": "re: 2"}], "rawResponses": b64(Item(name="re: 1"), Item(name="re: 2")), **ok},
        {"name": "bidi.empty", "responses": [], "rawResponses": [], **ok},
    ]
    assert math.copysign(1, outcomes[0]["responses"][0]["samples"][1]) == -1  # -0.0 stays negative (== 0.0 above)
    assert sorted(calls) == ["Chat", "Chat", "Count", "Get", "List"]


def test_keeps_errors_details_and_responses_before_an_error(server, descriptor_set):
    target, calls = server
    outcomes = outcomes_of(job(target, descriptor_set, [
        case("bad", "Get", "unary", [{"name": "bad"}]),
        case("fail", "List", "server_streaming", [{"name": "fail", "tags": ["a", "b"]}]),
        case("meta", "Get", "unary", [{"name": "meta"}], metadata={"X-Tenant": "acme", "Trace-Bin": base64.b64encode(b"\x00\xffhi").decode()}),
        case("slow", "Get", "unary", [{"name": "sleep"}], timeoutMs=200),
        case("unknown.field", "Get", "unary", [{"name": "x", "nope": 1}]),
        case("wrong.type", "Count", "client_streaming", [{"name": "x"}, {"big": "twelve"}]),
    ]))
    unknown = base64.b64encode(hello_pb2.HelloRequest(name="not in the set").SerializeToString()).decode()
    assert outcomes[0] == {
        "name": "bad", "responses": [], "rawResponses": [], "status": "INVALID_ARGUMENT", "message": "invalid name: bad",
        "details": [
            {"@type": "type.googleapis.com/google.rpc.BadRequest", "fieldViolations": [{"field": "name", "description": BAD}]},
            {"@type": "type.googleapis.com/HelloRequest", "value": unknown},  # helloworld has no package; not in the job's set
        ],
        "clientError": None,
    }
    assert outcomes[1] == {
        "name": "fail", "responses": [{"name": "a"}, {"name": "b"}], "rawResponses": ["CgFh", "CgFi"],
        "status": "NOT_FOUND", "message": "no more items after 2", "details": [], "clientError": None,
    }
    assert outcomes[2]["responses"] == [{"name": "meta", "tags": ["acme", "00ff6869"]}]  # keys lowercase, -bin values decoded
    assert {k: outcomes[3][k] for k in ("responses", "status", "message", "clientError")} == {
        "responses": [], "status": "DEADLINE_EXCEEDED", "message": "Deadline Exceeded", "clientError": None,
    }
    assert outcomes[4]["clientError"].startswith('request 1: Message type "casetest.v1.Item" has no field named "nope" at "Item".')
    assert outcomes[5]["clientError"] == "request 2: Failed to parse big field: invalid literal for int() with base 10: 'twelve'."
    assert [o["status"] for o in outcomes[4:]] == ["UNKNOWN", "UNKNOWN"]
    assert [o["rawResponses"] for o in outcomes[4:]] == [[], []]
    assert sorted(calls) == ["Get", "Get", "Get", "List"]  # the two cases whose requests did not parse made no call


def test_takes_imports_the_set_lacks_from_pythons_pool_and_prints_unknown_details_as_bytes(server, descriptor_set):
    """A set of case_client_test.proto alone: google/protobuf/timestamp.proto comes from Python's own pool, and
    google.rpc.BadRequest is not in the job's pool, so its detail is its type URL and base64 bytes."""
    target, calls = server
    alone = descriptor_pb2.FileDescriptorSet(file=[descriptor_set.file[1]])
    outcomes = outcomes_of(job(target, alone, [case("odd", "Get", "unary", [ODD]), case("bad", "Get", "unary", [{"name": "bad"}])]))
    assert outcomes[0]["responses"] == [{**ODD, "color": 7}]
    bad = error_details_pb2.BadRequest(field_violations=[error_details_pb2.BadRequest.FieldViolation(field="name", description=BAD)])
    assert outcomes[1]["details"][0] == {"@type": "type.googleapis.com/google.rpc.BadRequest", "value": base64.b64encode(bad.SerializeToString()).decode()}
    assert calls == ["Get", "Get"]


def test_a_server_that_cannot_be_reached_is_an_outcome(descriptor_set):
    with socket.socket() as bound:  # bound but not listening: connections to it are refused
        bound.bind(("127.0.0.1", 0))
        port = bound.getsockname()[1]
        outcomes = outcomes_of(job(f"127.0.0.1:{port}", descriptor_set, [case("down", "Get", "unary", [{}], timeoutMs=5000)]))
    assert [(o["status"], o["responses"], o["clientError"]) for o in outcomes] == [("UNAVAILABLE", [], None)]
    assert outcomes[0]["message"].startswith(f"failed to connect to all addresses; last error: UNKNOWN: ipv4:127.0.0.1:{port}: ")


def pem(certs, name: str) -> str:
    """The PEM text of one of the test certificates (the job carries PEM text, not paths)."""
    return Path(certs[name]).read_text()


def test_reaches_tls_and_mutual_tls_servers_with_the_jobs_tls(classes, descriptor_set, certs):
    """A wrong CA, a missing client certificate, a name the certificate does not have and plaintext to a TLS
    server are each an UNAVAILABLE outcome (exit 0), not a failed job."""
    get = [case("get", "Get", "unary", [{"name": "x"}], timeoutMs=5000)]

    def outcome(target, tls=None):
        # Not outcomes_of: grpcio logs each failed handshake on stderr, which the runner shows only on exit 1.
        run = run_client(job(target, descriptor_set, get, **({} if tls is None else {"tls": tls})))
        assert (run.returncode, run.stdout.endswith("}\n")) == (0, True), run.stderr
        [only] = json.loads(run.stdout)["outcomes"]
        return (only["status"], only["responses"], only["clientError"], only["message"])

    ok = ("OK", [{"name": "x"}], None, "")
    with cases_server(classes, server_credentials(ServerTls(cert=certs["serverCert"], key=certs["serverKey"]))) as (target, calls):
        ca = pem(certs, "ca")
        assert outcome(target, {"ca": ca}) == ok
        assert outcome(target, {"ca": ca, "cert": None, "key": None, "insecure": False, "serverName": None}) == ok
        assert outcome(target, {"ca": ca, "serverName": "localhost"}) == ok  # the certificate names localhost and 127.0.0.1
        assert outcome(target, {"ca": ca, "serverName": "elsewhere.example"})[0] == "UNAVAILABLE"
        wrong_ca = outcome(target, {"ca": pem(certs, "otherCa")})
        assert wrong_ca[:3] == ("UNAVAILABLE", [], None)
        assert "CERTIFICATE_VERIFY_FAILED" in wrong_ca[3], wrong_ca[3]
        assert outcome(target, {})[0] == "UNAVAILABLE"  # grpcio's public roots do not include the test CA
        assert outcome(target)[0] == "UNAVAILABLE"  # plaintext
        assert calls == ["Get", "Get", "Get"]
    mutual = ServerTls(cert=certs["serverCert"], key=certs["serverKey"], ca=certs["ca"])
    with cases_server(classes, server_credentials(mutual)) as (target, calls):
        assert outcome(target, {"ca": ca, "cert": pem(certs, "clientCert"), "key": pem(certs, "clientKey")}) == ok
        assert outcome(target, {"ca": ca})[:3] == ("UNAVAILABLE", [], None)  # no client certificate
        assert calls == ["Get"]


def bad_tls_jobs(target, descriptor_set, certs):
    """(stdin, stderr) pairs: jobs whose tls the client must refuse before calling anything."""
    good = [case("ok", "Get", "unary", [{"name": "x"}])]
    ca, cert, key = pem(certs, "ca"), pem(certs, "clientCert"), pem(certs, "clientKey")
    not_a_cert = "-----BEGIN CERTIFICATE-----\nZm9v\n-----END CERTIFICATE-----\n"
    return [(job(target, descriptor_set, good, tls=tls), f"polyrpc: {stderr}") for tls, stderr in [
        ("yes", 'tls must be an object or null, not "yes"'),
        ({"ca": ca, "skipVerify": True}, 'tls: unknown key "skipVerify" (expected ca, cert, key, insecure, serverName)'),
        ({"ca": certs["ca"]}, f"tls: ca must be PEM text (with a -----BEGIN line) or null, not {json.dumps(certs['ca'])[:37]}..."),
        ({"ca": 1}, "tls: ca must be PEM text (with a -----BEGIN line) or null, not 1"),
        ({"ca": not_a_cert}, "tls: ca is not a PEM certificate (no start line: cadata does not contain a certificate)"),
        ({"cert": not_a_cert, "key": key}, "tls: cert is not a PEM certificate (no start line: cadata does not contain a certificate)"),
        ({"cert": cert, "key": cert}, "tls: key holds no PRIVATE KEY block"),
        ({"ca": ca, "cert": cert}, "tls: cert given without key"),
        ({"key": key}, "tls: key given without cert"),
        ({"insecure": "no"}, 'tls: insecure must be true or false, not "no"'),
        ({"insecure": True}, "tls: insecure is not supported: grpcio cannot skip the server certificate check (give ca instead)"),
        ({"serverName": ""}, 'tls: serverName must be a non-empty string or null, not ""'),
    ]]


def bad_jobs(target, descriptor_set):
    """(stdin, stderr) pairs: jobs the client must refuse before calling anything."""
    good = [case("ok", "Get", "unary", [{"name": "x"}])]
    whole = json.loads(job(target, descriptor_set, good))
    # case_client_test.proto alone: its import google/protobuf/timestamp.proto comes from Python's own pool, but
    # not/there.proto comes from nowhere.
    without_rpc = descriptor_pb2.FileDescriptorSet(file=[descriptor_set.file[1]])
    without_rpc.file[0].dependency.append("not/there.proto")
    unresolved = descriptor_pb2.FileDescriptorSet(file=[descriptor_set.file[1]])
    unresolved.file[0].message_type[0].field[4].type_name = ".casetest.v1.Nope"
    return [
        ("{", "polyrpc: stdin is not JSON: Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"),
        ("[]", "polyrpc: stdin must be one JSON object with target, descriptorSet and cases"),
        (json.dumps({k: v for k, v in whole.items() if k != "target"}), 'polyrpc: job: the key "target" is missing'),
        (json.dumps({**whole, "cases": {}}), "polyrpc: job: cases must be a list, not {}"),
        (json.dumps({**whole, "descriptorSet": "%%%"}), "polyrpc: descriptorSet: not base64 (Only base64 data is allowed)"),
        (json.dumps({**whole, "descriptorSet": base64.b64encode(b"\xff\xff").decode()}),
         "polyrpc: descriptorSet: not a serialized google.protobuf.FileDescriptorSet"
         " (Error parsing message with type 'google.protobuf.FileDescriptorSet': Wire format was corrupt)"),
        (job(target, without_rpc, good), "polyrpc: descriptorSet: case_client_test.proto imports not/there.proto, which is not in the set"),
        (job(target, unresolved, good),
         "polyrpc: descriptorSet: file case_client_test.proto: Couldn't build proto file into descriptor pool: couldn't resolve name '.casetest.v1.Nope'"),
        (job(target, descriptor_set, good + [case("gone", "Delete", "unary", [{}])]),
         'polyrpc: cases[1] (gone): method "casetest.v1.Cases/Delete" is not in descriptorSet'),
        (job(target, descriptor_set, good + [{**case("x", "Get", "unary", [{}]), "method": "Get"}]), 'polyrpc: cases[1] (x): method "Get" is not in descriptorSet'),
        (job(target, descriptor_set, good + [case("x", "List", "unary", [{}])]),
         'polyrpc: cases[1] (x): kind "unary" does not match method casetest.v1.Cases/List, which is server_streaming'),
        (job(target, descriptor_set, good + [case("x", "Get", "unary", [{}, {}])]), "polyrpc: cases[1] (x): a unary call takes exactly 1 request, not 2"),
        (job(target, descriptor_set, good + [{k: v for k, v in case("x", "Get", "unary", [{}]).items() if k != "kind"}]),
         'polyrpc: cases[1] (x): the key "kind" is missing'),
        (job(target, descriptor_set, good + [case("x", "Count", "client_streaming", ["x"])]), 'polyrpc: cases[1] (x): requests[0] must be a JSON object, not "x"'),
        (job(target, descriptor_set, good + [case("x", "Get", "unary", [{}], timeoutMs=-1)]),
         "polyrpc: cases[1] (x): timeoutMs must be a positive number of milliseconds or null, not -1"),
        (job(target, descriptor_set, good + [case("x", "Get", "unary", [{}], metadata={"a": 1})]), "polyrpc: cases[1] (x): metadata a must be a string, not 1"),
        (job(target, descriptor_set, good + [case("x", "Get", "unary", [{}], metadata={"a-bin": "%"})]),
         'polyrpc: cases[1] (x): metadata a-bin is a -bin header, so its value must be base64, not "%"'),
    ]


def test_refuses_a_bad_job_before_any_call(server, descriptor_set, certs):
    target, calls = server
    for stdin, stderr in bad_jobs(target, descriptor_set) + bad_tls_jobs(target, descriptor_set, certs):
        run = run_client(stdin)
        assert (run.returncode, run.stdout, run.stderr) == (1, "", stderr + "\n"), stdin[:200]
    assert calls == []
