"""The Python client of `polyrpc interop --cases`: `python -m polyrpc.case_client` reads one job (a target, a
base64 google.protobuf.FileDescriptorSet and the cases) as JSON on stdin, makes every call with grpcio, and
writes one outcome per case as JSON on stdout, so the TypeScript runner can compare how Python sees a server
with how TypeScript does.

Stdin: `{"target": "host:port", "descriptorSet": "<base64>", "tls": {...} (optional), "cases": [{"name", "method":
"pkg.Svc/Method", "kind": "unary" | "server_streaming" | "client_streaming" | "bidi_streaming", "requests":
[<proto3 JSON>...], "metadata": {"k": "v"} (optional; a -bin header's value is base64), "timeoutMs": 2000 | null
(optional)}]}`. Without "tls" (or with null) the channel is plaintext; with `"tls": {"ca": "<PEM text>" | null,
"cert": "<PEM text>" | null, "key": "<PEM text>" | null, "insecure": false, "serverName": "<name>" | null}` (every
key optional) it is TLS: the server's certificate must chain to ca (default: grpcio's bundled public roots) and
name serverName (default: the target's host), and cert and key, given together, are the client's for mutual
TLS. "insecure": true (skip the server certificate check) is refused, because grpcio has no way to do it.

Stdout: `{"outcomes": [{"name", "responses": [<proto3 JSON>...], "rawResponses": ["<base64 wire bytes>"...],
"status": "OK" | <grpc.StatusCode name>, "message", "details": [<proto3 JSON of each google.protobuf.Any in
grpc-status-details-bin, with "@type">...], "clientError": null | "<what failed on the Python side>"}]}`.

A job that cannot run (not JSON, a missing or mistyped key, an undecodable descriptor set, a method the set
does not have, a kind that is not the method's, a tls object that is not as above) prints `polyrpc: <what is
wrong>` on stderr and exits 1 before any call; a failed call is an outcome, and the exit code is 0.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import re
import ssl
import sys
from dataclasses import dataclass
from typing import Any, Callable, Optional, Sequence, Union

import grpc
from google.protobuf import (  # the well-known types are imported for their files in the default pool (see build_pool)
    any_pb2,
    api_pb2,  # noqa: F401
    descriptor_pb2,
    descriptor_pool,
    duration_pb2,  # noqa: F401
    empty_pb2,  # noqa: F401
    field_mask_pb2,  # noqa: F401
    json_format,
    message_factory,
    source_context_pb2,  # noqa: F401
    struct_pb2,  # noqa: F401
    timestamp_pb2,  # noqa: F401
    type_pb2,  # noqa: F401
    wrappers_pb2,  # noqa: F401
)
from google.protobuf.descriptor import MethodDescriptor
from google.protobuf.message import DecodeError, Message
from google.rpc import code_pb2, error_details_pb2, status_pb2  # type: ignore[import-untyped]  # noqa: F401  # no types
from grpc_status import rpc_status

from polyrpc.channel import create_channel
from polyrpc.tls import ClientTls

__all__ = ["JobError", "Case", "Job", "JobTls", "parse_job", "parse_tls", "build_pool", "run_case", "run_job", "main"]

KINDS = ("unary", "server_streaming", "client_streaming", "bidi_streaming")
TLS_KEYS = ("ca", "cert", "key", "insecure", "serverName")
STATUS_DETAILS_KEY = "grpc-status-details-bin"

JsonValue = Any
"""A value as json.loads gives it."""

Metadata = list[tuple[str, Union[str, bytes]]]


class JobError(Exception):
    """A job that cannot run; its message is what `polyrpc: ` is followed by on stderr."""


@dataclass(frozen=True)
class Case:
    """One case of a job, checked against the descriptor set."""

    name: str
    method: MethodDescriptor
    kind: str
    requests: Sequence[dict[str, JsonValue]]
    metadata: Metadata
    timeout_s: Optional[float]


@dataclass(frozen=True)
class JobTls:
    """The checked tls of a job: what create_channel's tls takes, and the name the server's certificate must
    have when it is not the target's host."""

    client: ClientTls
    server_name: Optional[str] = None


@dataclass(frozen=True)
class Job:
    """A checked job: the target, the pool built from its descriptor set, its cases, and TLS (None: plaintext)."""

    target: str
    pool: descriptor_pool.DescriptorPool
    cases: Sequence[Case]
    tls: Optional[JobTls] = None


def method_kind(method: MethodDescriptor) -> str:
    """The kind of call a method is, spelled as in the job (protobuf-es's methodKind)."""
    if method.client_streaming:
        return "bidi_streaming" if method.server_streaming else "client_streaming"
    return "server_streaming" if method.server_streaming else "unary"


def build_pool(encoded: str) -> descriptor_pool.DescriptorPool:
    """A pool of the files in a base64 FileDescriptorSet, added imports first. An import the set lacks is
    taken from the default pool when Python has it (the well-known types google/protobuf/*.proto and
    google/rpc/{status,error_details,code}.proto, imported above for this), so a set without them still
    works. The pool is separate from the default one, so a file in the set with the name of one Python has
    too (the runner sends its own google/rpc/status.proto) does not conflict with it."""
    try:
        data = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError) as e:
        raise JobError(f"descriptorSet: not base64 ({e})") from None
    files = descriptor_pb2.FileDescriptorSet()
    try:
        files.ParseFromString(data)
    except DecodeError as e:
        raise JobError(f"descriptorSet: not a serialized google.protobuf.FileDescriptorSet ({e})") from None
    by_name = {file.name: file for file in files.file}
    pool = descriptor_pool.DescriptorPool()
    added: set[str] = set()
    adding: list[str] = []

    def add(name: str, importer: Optional[str]) -> None:
        if name in added:
            return
        if name in adding:
            raise JobError(f"descriptorSet: import cycle: {' -> '.join(adding + [name])}")
        proto = by_name[name] if name in by_name else default_file(name)
        if proto is None:
            raise JobError(f"descriptorSet: {importer} imports {name}, which is not in the set")
        adding.append(name)
        for dependency in proto.dependency:
            add(dependency, name)
        adding.pop()
        try:
            pool.Add(proto)
        except (TypeError, ValueError) as e:
            raise JobError(f"descriptorSet: file {name}: {e}") from None
        added.add(name)

    for file in files.file:
        add(file.name, None)
    return pool


def default_file(name: str) -> Optional[descriptor_pb2.FileDescriptorProto]:
    """The FileDescriptorProto of a file the default pool has, or None."""
    try:
        found = descriptor_pool.Default().FindFileByName(name)
    except KeyError:
        return None
    proto = descriptor_pb2.FileDescriptorProto()
    found.CopyToProto(proto)
    return proto


def require(obj: dict[str, JsonValue], key: str, kind: type, where: str, what: str) -> Any:
    """obj[key], which must be present and of type kind (bool is not a number here)."""
    if key not in obj:
        raise JobError(f"{where}: the key {json.dumps(key)} is missing")
    value = obj[key]
    if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
        raise JobError(f"{where}: {key} must be {what}, not {json.dumps(value, allow_nan=True)}")
    return value


def parse_case(raw: JsonValue, index: int, pool: descriptor_pool.DescriptorPool) -> Case:
    """One case of the job, checked: its method is in the pool and its kind is the method's."""
    where = f"cases[{index}]"
    if not isinstance(raw, dict):
        raise JobError(f"{where}: must be an object")
    name = require(raw, "name", str, where, "a string")
    where = f"cases[{index}] ({name})"
    method_name = require(raw, "method", str, where, "a string")
    kind = require(raw, "kind", str, where, "a string")
    requests = require(raw, "requests", list, where, "a list")
    if kind not in KINDS:
        raise JobError(f"{where}: kind {json.dumps(kind)} is not one of {', '.join(KINDS)}")
    service_name, slash, short_name = method_name.partition("/")
    try:
        if not slash:
            raise KeyError(method_name)
        method = pool.FindServiceByName(service_name).methods_by_name[short_name]
    except KeyError:
        raise JobError(f"{where}: method {json.dumps(method_name)} is not in descriptorSet") from None
    if method_kind(method) != kind:
        raise JobError(f"{where}: kind {json.dumps(kind)} does not match method {method_name}, which is {method_kind(method)}")
    if kind in ("unary", "server_streaming") and len(requests) != 1:
        raise JobError(f"{where}: a {kind} call takes exactly 1 request, not {len(requests)}")
    for i, request in enumerate(requests):
        if not isinstance(request, dict):
            raise JobError(f"{where}: requests[{i}] must be a JSON object, not {json.dumps(request, allow_nan=True)}")
    metadata: Metadata = []
    raw_metadata = raw.get("metadata")
    if raw_metadata is not None:
        if not isinstance(raw_metadata, dict):
            raise JobError(f"{where}: metadata must be an object of strings")
        for key, value in raw_metadata.items():
            if not isinstance(value, str):
                raise JobError(f"{where}: metadata {key} must be a string, not {json.dumps(value, allow_nan=True)}")
            # gRPC metadata keys are lowercase (grpcio refuses others). A -bin header carries bytes, which a JSON
            # job spells as base64 (as the wire does); grpcio wants the bytes and encodes them itself.
            key = key.lower()
            if not key.endswith("-bin"):
                metadata.append((key, value))
                continue
            try:
                metadata.append((key, base64.b64decode(value + "=" * (-len(value) % 4), validate=True)))
            except (binascii.Error, ValueError):
                raise JobError(f"{where}: metadata {key} is a -bin header, so its value must be base64, not {json.dumps(value)}") from None
    timeout_ms = raw.get("timeoutMs")
    if timeout_ms is not None and (isinstance(timeout_ms, bool) or not isinstance(timeout_ms, (int, float)) or not timeout_ms > 0 or math.isinf(timeout_ms)):
        raise JobError(f"{where}: timeoutMs must be a positive number of milliseconds or null, not {json.dumps(timeout_ms, allow_nan=True)}")
    timeout_s = None if timeout_ms is None else timeout_ms / 1000
    return Case(name=name, method=method, kind=kind, requests=requests, metadata=metadata, timeout_s=timeout_s)


def parse_tls(raw: JsonValue) -> Optional[JobTls]:
    """The job's "tls" (None or absent: plaintext), checked: PEM text (not paths: the runner reads the files,
    so the job carries what it read and the client needs no working directory or file access of its own),
    cert and key together, no key it does not know (a misspelt "insecure" must not pass unnoticed)."""
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise JobError(f"tls must be an object or null, not {json.dumps(raw, allow_nan=True)}")
    for key in raw:
        if key not in TLS_KEYS:
            raise JobError(f"tls: unknown key {json.dumps(key)} (expected {', '.join(TLS_KEYS)})")
    pems: dict[str, Optional[bytes]] = {}
    for key in ("ca", "cert", "key"):
        value = raw.get(key)
        if value is not None and not (isinstance(value, str) and "-----BEGIN" in value):
            shown = json.dumps(value, allow_nan=True)
            raise JobError(f"tls: {key} must be PEM text (with a -----BEGIN line) or null, not {shown if len(shown) <= 40 else shown[:37] + '...'}")
        if value is not None:
            check_pem(key, value)
        pems[key] = None if value is None else value.encode()
    if (pems["cert"] is None) != (pems["key"] is None):
        raise JobError(f"tls: {'key given without cert' if pems['cert'] is None else 'cert given without key'}")
    insecure = raw.get("insecure", False)
    if not isinstance(insecure, bool):
        raise JobError(f"tls: insecure must be true or false, not {json.dumps(insecure, allow_nan=True)}")
    if insecure:
        # grpcio's ssl_channel_credentials always verifies the chain; only the name can be overridden. Rejected:
        # fetching the server's certificate unverified and trusting it, since grpcio would still check its
        # dates and name, so a certificate that --insecure accepts in TypeScript could fail here.
        raise JobError("tls: insecure is not supported: grpcio cannot skip the server certificate check (give ca instead)")
    server_name = raw.get("serverName")
    if server_name is not None and (not isinstance(server_name, str) or not server_name):
        raise JobError(f"tls: serverName must be a non-empty string or null, not {json.dumps(server_name, allow_nan=True)}")
    return JobTls(client=ClientTls(ca=pems["ca"], cert=pems["cert"], key=pems["key"]), server_name=server_name)


def check_pem(key: str, pem: str) -> None:
    """Refuses PEM text grpcio could not load: it would only log the reason and fail every call UNAVAILABLE.
    Certificates are parsed with Python's ssl (OpenSSL); a key, which ssl reads only from a file, must at
    least be a PRIVATE KEY block."""
    if key == "key":
        if "PRIVATE KEY-----" not in pem:
            raise JobError("tls: key holds no PRIVATE KEY block")
        return
    try:
        ssl.create_default_context(cadata=pem)
    except (ssl.SSLError, ValueError) as e:
        why = e.args[-1] if e.args and isinstance(e.args[-1], str) else str(e)
        raise JobError(f"tls: {key} is not a PEM certificate ({re.sub(r' [(]_ssl[.]c:[0-9]+[)]$', '', why)})") from None


def parse_job(text: Union[str, bytes]) -> Job:
    """The job in text, checked completely before any call: raises JobError naming the key or value."""
    try:
        raw = json.loads(text)
    except ValueError as e:
        raise JobError(f"stdin is not JSON: {e}") from None
    if not isinstance(raw, dict):
        raise JobError("stdin must be one JSON object with target, descriptorSet and cases")
    target = require(raw, "target", str, "job", "a string")
    if not target:
        raise JobError("job: target is empty")
    tls = parse_tls(raw.get("tls"))
    pool = build_pool(require(raw, "descriptorSet", str, "job", "a base64 string"))
    cases = [parse_case(case, i, pool) for i, case in enumerate(require(raw, "cases", list, "job", "a list"))]
    return Job(target=target, pool=pool, cases=cases, tls=tls)


def identity(data: bytes) -> bytes:
    """Keeps a response's bytes as they came, for rawResponses."""
    return data


@dataclass
class Outcome:
    """What one call gave, before it is written as JSON."""

    raw: list[bytes]
    status: str = "OK"
    message: str = ""
    details: Sequence[any_pb2.Any] = ()
    client_error: Optional[str] = None


def call_case(channel: grpc.Channel, case: Case, requests: list[Message]) -> Outcome:
    """Makes the call of a case, keeping the responses received before an error."""
    path = f"/{case.method.containing_service.full_name}/{case.method.name}"
    serialize: Callable[[Message], bytes] = lambda m: m.SerializeToString()  # noqa: E731
    kwargs: dict[str, Any] = {"timeout": case.timeout_s, "metadata": case.metadata}
    outcome = Outcome(raw=[])
    call: Any = None
    try:
        if case.kind == "unary":
            response, call = channel.unary_unary(path, request_serializer=serialize, response_deserializer=identity).with_call(requests[0], **kwargs)
            outcome.raw.append(response)
        elif case.kind == "client_streaming":
            response, call = channel.stream_unary(path, request_serializer=serialize, response_deserializer=identity).with_call(iter(requests), **kwargs)
            outcome.raw.append(response)
        else:
            if case.kind == "server_streaming":
                call = channel.unary_stream(path, request_serializer=serialize, response_deserializer=identity)(requests[0], **kwargs)
            else:
                call = channel.stream_stream(path, request_serializer=serialize, response_deserializer=identity)(iter(requests), **kwargs)
            for response in call:
                outcome.raw.append(response)
    except grpc.RpcError as e:
        call = e
    if not isinstance(call, grpc.Call):
        outcome.status, outcome.client_error = "UNKNOWN", f"grpcio failed without a status: {call!r}"
        return outcome
    code = call.code()
    outcome.status = code.name if isinstance(code, grpc.StatusCode) else "UNKNOWN"
    outcome.message = call.details() or ""
    outcome.details, outcome.client_error = status_details(call)
    return outcome


def status_details(call: grpc.Call) -> tuple[Sequence[any_pb2.Any], Optional[str]]:
    """The google.rpc.Status details of a call's grpc-status-details-bin trailer, read by grpcio-status. When
    grpcio-status refuses the trailer (its code or message is not the call's), the details are still read,
    and the refusal is the client error, so a server that sends a contradicting trailer shows."""
    try:
        status = rpc_status.from_call(call)
        return (list(status.details) if status is not None else []), None
    except ValueError as e:
        for key, value in call.trailing_metadata() or ():
            if key == STATUS_DETAILS_KEY and isinstance(value, bytes):
                try:
                    return list(status_pb2.Status.FromString(value).details), f"{STATUS_DETAILS_KEY}: {e}"
                except DecodeError as d:
                    return [], f"{STATUS_DETAILS_KEY}: {d}"
        return [], f"{STATUS_DETAILS_KEY}: {e}"


def detail_json(detail: any_pb2.Any, pool: descriptor_pool.DescriptorPool) -> JsonValue:
    """A detail as proto3 JSON with "@type"; one whose type the pool does not have (or whose bytes do not
    parse as it) as its type URL and base64 value, so nothing is lost."""
    try:
        return json_format.MessageToDict(detail, descriptor_pool=pool)
    except (TypeError, KeyError, DecodeError, json_format.Error):
        return {"@type": detail.type_url, "value": base64.b64encode(detail.value).decode("ascii")}


def proto3_json_safe(value: JsonValue) -> JsonValue:
    """value with any non-finite float spelled as proto3 JSON spells it ("NaN", "Infinity", "-Infinity"), so
    json.dumps(allow_nan=False) never fails; json_format already does this, this is the guarantee."""
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    if isinstance(value, dict):
        return {k: proto3_json_safe(v) for k, v in value.items()}
    if isinstance(value, list):
        return [proto3_json_safe(v) for v in value]
    return value


def run_case(channel: grpc.Channel, case: Case, pool: descriptor_pool.DescriptorPool) -> dict[str, JsonValue]:
    """The outcome of one case as a JSON object. Requests that do not parse are the client error, and then
    no call is made; responses that do not parse or print are the client error, with every raw response kept."""
    input_class = message_factory.GetMessageClass(case.method.input_type)
    output_class = message_factory.GetMessageClass(case.method.output_type)
    requests: list[Message] = []
    for i, raw in enumerate(case.requests):
        try:
            requests.append(json_format.ParseDict(raw, input_class(), ignore_unknown_fields=False, descriptor_pool=pool))
        except (json_format.ParseError, ValueError, TypeError) as e:
            return outcome_json(case, pool, Outcome(raw=[], status="UNKNOWN", client_error=f"request {i + 1}: {e}"), [])
    try:
        outcome = call_case(channel, case, requests)
    except Exception as e:  # a grpcio failure that is not an RpcError (bad metadata, ...) is this case's, not the job's
        return outcome_json(case, pool, Outcome(raw=[], status="UNKNOWN", client_error=f"{type(e).__name__}: {e}"), [])
    responses: list[JsonValue] = []
    for i, data in enumerate(outcome.raw):
        try:
            responses.append(json_format.MessageToDict(output_class.FromString(data), descriptor_pool=pool))
        except (DecodeError, TypeError, ValueError, json_format.Error) as e:
            problem = f"response {i + 1} is not a valid {case.method.output_type.full_name}: {e}"
            outcome.client_error = problem if outcome.client_error is None else f"{outcome.client_error}; {problem}"
            break
    return outcome_json(case, pool, outcome, responses)


def outcome_json(case: Case, pool: descriptor_pool.DescriptorPool, outcome: Outcome, responses: list[JsonValue]) -> dict[str, JsonValue]:
    """An outcome in the order the contract lists its keys."""
    return {
        "name": case.name,
        "responses": proto3_json_safe(responses),
        "rawResponses": [base64.b64encode(data).decode("ascii") for data in outcome.raw],
        "status": outcome.status,
        "message": outcome.message,
        "details": proto3_json_safe([detail_json(detail, pool) for detail in outcome.details]),
        "clientError": outcome.client_error,
    }


def open_channel(job: Job) -> grpc.Channel:
    """The job's channel: plaintext, or TLS with polyrpc's create_channel. A failed handshake (a wrong CA, a
    missing client certificate) is each call's UNAVAILABLE, not an error here."""
    if job.tls is None:
        return create_channel(job.target)
    # grpc.ssl_target_name_override is the name the certificate is checked against (and the SNI sent).
    options = [] if job.tls.server_name is None else [("grpc.ssl_target_name_override", job.tls.server_name)]
    return create_channel(job.target, tls=job.tls.client, options=options)


def run_job(job: Job, channel_factory: Callable[[Job], grpc.Channel] = open_channel) -> dict[str, JsonValue]:
    """Runs every case of a job in order over one channel to its target."""
    with channel_factory(job) as channel:
        return {"outcomes": [run_case(channel, case, job.pool) for case in job.cases]}


def main() -> int:
    """The `python -m polyrpc.case_client` process: 0 when the job ran, 1 (with `polyrpc: ...`) when it could not."""
    try:
        job = parse_job(sys.stdin.buffer.read())
    except JobError as e:
        sys.stderr.write(f"polyrpc: {e}\n")
        return 1
    # ensure_ascii keeps the output ASCII, so no locale can garble it; U+0000 and the rest are escaped.
    sys.stdout.write(json.dumps(run_job(job), allow_nan=False) + "\n")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
