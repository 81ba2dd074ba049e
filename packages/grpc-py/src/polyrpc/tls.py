"""TLS and mutual TLS from PEM files or bytes, with the same rules and messages as @polyrpc/grpc's tls.ts:
a key without a certificate (or the reverse) is an error, and a CA on the server means client certificates
are required."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Union

import grpc

PemSource = Union[bytes, str]
"""PEM bytes, PEM text (starting with -----BEGIN), or the path of a PEM file."""


@dataclass(frozen=True)
class ServerTls:
    """The `tls` option of create_server. With ca, clients must present a certificate signed by it."""

    cert: PemSource
    key: PemSource
    ca: Optional[PemSource] = None


@dataclass(frozen=True)
class ClientTls:
    """The `tls` option of create_channel: the CA to trust (default: grpc's bundled roots), and a client
    certificate and key for mutual TLS."""

    ca: Optional[PemSource] = None
    cert: Optional[PemSource] = None
    key: Optional[PemSource] = None


def read_pem(source: PemSource, what: str) -> bytes:
    """The PEM bytes of source; ValueError `cannot read tls <what> <path>: ...` or `... is not PEM`."""
    if isinstance(source, bytes):
        pem = source
    elif source.startswith("-----BEGIN"):
        pem = source.encode()
    else:
        try:
            with open(source, "rb") as f:
                pem = f.read()
        except OSError as e:
            raise ValueError(f"cannot read tls {what} {source}: {e.strerror}") from e
    if b"-----BEGIN" not in pem:
        where = f" {source}" if isinstance(source, str) else ""
        raise ValueError(f"tls {what}{where} is not PEM (no -----BEGIN line)")
    return pem


def server_credentials(tls: ServerTls) -> grpc.ServerCredentials:
    """grpc server credentials for tls; with tls.ca, client certificates signed by it are required."""
    if tls.cert is None or tls.key is None:
        raise ValueError(f"tls: {'key given without cert' if tls.cert is None else 'cert given without key'}")
    root = read_pem(tls.ca, "ca") if tls.ca is not None else None  # read in the TypeScript order: ca, cert, key
    chain = read_pem(tls.cert, "cert")
    pair = (read_pem(tls.key, "key"), chain)
    return grpc.ssl_server_credentials([pair], root_certificates=root, require_client_auth=root is not None)


def channel_credentials(tls: ClientTls) -> grpc.ChannelCredentials:
    """grpc channel credentials for tls."""
    if (tls.cert is None) != (tls.key is None):
        raise ValueError(f"tls: {'key given without cert' if tls.cert is None else 'cert given without key'}")
    return grpc.ssl_channel_credentials(
        root_certificates=read_pem(tls.ca, "ca") if tls.ca is not None else None,
        private_key=read_pem(tls.key, "key") if tls.key is not None else None,
        certificate_chain=read_pem(tls.cert, "cert") if tls.cert is not None else None,
    )
