// connect-node (2.x) for `pnpm bench`: BenchService as a Connect user serves it, connectNodeAdapter on a
// plaintext HTTP/2 server (h2c), as Connect's docs show, with the same protobuf-es stubs as polyrpc's
// server. Connect speaks the gRPC protocol there too, so the Go load client drives it like the others.
// Prints "listening on <port>"; stops on SIGTERM.
import http2 from "node:http2";
import type { AddressInfo } from "node:net";
import { Code, ConnectError, type ConnectRouter } from "@connectrpc/connect";
import { connectNodeAdapter } from "@connectrpc/connect-node";
import { BenchService } from "../gen/polyrpc/bench/v1/bench_pb.js";
import { downloadChunkSize } from "../bench-defaults.js";

const handler = connectNodeAdapter({
  routes(router: ConnectRouter) {
    router.service(BenchService, {
      unary: (request) => ({ payload: request.payload }),
      async *download(request) {
        const size = downloadChunkSize(request.totalSize, request.chunkSize);
        if (typeof size === "string") throw new ConnectError(size, Code.InvalidArgument);
        // One buffer for the whole stream: the transport is measured, not the allocator.
        const chunk = new Uint8Array(size);
        const total = Number(request.totalSize);
        for (let sent = 0; sent < total; sent += size) {
          yield { chunk: sent + size <= total ? chunk : chunk.subarray(0, total - sent) };
        }
      },
      async *pingPong(requests) {
        for await (const request of requests) yield { payload: request.payload };
      },
    });
  },
});

const server = http2.createServer(handler);
server.listen(Number(process.argv[2] ?? 0), "127.0.0.1", () => {
  process.stdout.write(`listening on ${(server.address() as AddressInfo).port}\n`);
});
process.once("SIGTERM", () => {
  server.close();
  process.exit(0);
});
