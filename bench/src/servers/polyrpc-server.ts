// polyrpc's TypeScript server for `pnpm bench`: BenchService on the bridge (@polyrpc/grpc) with
// protobuf-es messages, written as a polyrpc user would. Prints "listening on <port>"; stops on SIGTERM.
import { answerEach, Code, createServer, RpcError, service } from "@polyrpc/grpc";
import { BenchService } from "../gen/polyrpc/bench/v1/bench_pb.js";
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
      // One answer per request: answerEach serves it from grpc-js's events (an async generator over the
      // requests works too, at a few promise hops per message; bench/NOTES.md, sixth round).
      pingPong: answerEach((request) => ({ payload: request.payload })),
    }),
  ],
});
const { port } = await server.listen(Number(process.argv[2] ?? 0), "127.0.0.1");
server.shutdownOnSignals();
process.stdout.write(`listening on ${port}\n`);
