"""TLS and mutual TLS from PEM files, with the same rules and messages as @polyrpc/grpc's tls.ts:
a key without a certificate (or the reverse) is an error, and a CA on the server means client certificates
are required."""

import grpc


def read_pem(path, flag):
    """The bytes of the PEM file given to `flag`; ValueError naming the flag and file when unreadable."""
    try:
        with open(path, "rb") as f:
            pem = f.read()
    except OSError as e:
        raise ValueError(f"{flag} {path}: cannot read it: {e.strerror}") from e
    if b"-----BEGIN" not in pem:
        raise ValueError(f"{flag} {path}: not a PEM file (no -----BEGIN line)")
    return pem


def server_credentials(cert=None, key=None, ca=None):
    """grpc server credentials for --tls-cert/--tls-key[/--tls-ca], or None for plaintext when none is given.
    With ca, client certificates signed by it are required (mutual TLS)."""
    if cert is None and key is None:
        if ca is not None:
            raise ValueError("--tls-ca given without --tls-cert and --tls-key")
        return None
    if cert is None:
        raise ValueError("--tls-key given without --tls-cert")
    if key is None:
        raise ValueError("--tls-cert given without --tls-key")
    chain = read_pem(cert, "--tls-cert")
    pair = (read_pem(key, "--tls-key"), chain)
    root = read_pem(ca, "--tls-ca") if ca is not None else None
    return grpc.ssl_server_credentials([pair], root_certificates=root, require_client_auth=root is not None)


def channel_credentials(ca=None, cert=None, key=None):
    """grpc channel credentials trusting ca (default: grpc's bundled roots), with the client certificate
    and key for mutual TLS."""
    if key is not None and cert is None:
        raise ValueError("--key given without --cert")
    if cert is not None and key is None:
        raise ValueError("--cert given without --key")
    return grpc.ssl_channel_credentials(
        root_certificates=read_pem(ca, "--ca") if ca is not None else None,
        private_key=read_pem(key, "--key") if key is not None else None,
        certificate_chain=read_pem(cert, "--cert") if cert is not None else None,
    )
