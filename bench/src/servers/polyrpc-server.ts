// polyrpc's TypeScript server for `pnpm bench`: BenchService on the bridge (@polyrpc/grpc) with
// protobuf-es messages, written as a polyrpc user would. Prints "listening on <port>"; stops on SIGTERM.
import { Code, createServer, RpcError, service } from "@polyrpc/grpc";
import { BenchService } from "@polyrpc/stubs";
import { downloadChunkSize } from "../bench-defaults.js";

const server = createServer({
  services: [
    service(BenchService, {
      unary: (request) => ({ payload: request.payload }),
      async *download(request) {
        const size = downloadChunkSize(request.totalSize, request.chunkSize);
        if (typeof size === "string") throw new RpcError(Code.INVALID_ARGUMENT, size);
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
    }),
  ],
});
const { port } = await server.listen(Number(process.argv[2] ?? 0), "127.0.0.1");
server.shutdownOnSignals();
process.stdout.write(`listening on ${port}\n`);
