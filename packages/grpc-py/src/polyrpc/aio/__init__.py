"""polyrpc for grpc.aio: servers and channels with the options of their grpcio twins in `polyrpc`."""

from polyrpc.aio.channel import create_channel
from polyrpc.aio.rich_errors import abort_with_details, read_status
from polyrpc.aio.server import AuthInterceptor, PolyServer, create_server

__all__ = [
    "create_server",
    "create_channel",
    "PolyServer",
    "abort_with_details",
    "read_status",
    # Building blocks.
    "AuthInterceptor",
]
