// Raw @grpc/grpc-js with @grpc/proto-loader for `pnpm bench`: BenchService as a TypeScript user writes
// it without polyrpc. Prints "listening on <port>"; stops on SIGTERM.
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import { downloadChunkSize } from "../bench-defaults.js";

const protoRoot = fileURLToPath(new URL("../../proto", import.meta.url));
const definition = protoLoader.loadSync("polyrpc/bench/v1/bench.proto", { includeDirs: [protoRoot], longs: String });
const loaded = grpc.loadPackageDefinition(definition) as unknown as {
  polyrpc: { bench: { v1: { BenchService: grpc.ServiceClientConstructor } } };
};

interface Payload {
  payload: Buffer;
}

const server = new grpc.Server();
server.addService(loaded.polyrpc.bench.v1.BenchService.service, {
  Unary(call: grpc.ServerUnaryCall<Payload, Payload>, callback: grpc.sendUnaryData<Payload>) {
    callback(null, { payload: call.request.payload });
  },
  async Download(call: grpc.ServerWritableStream<{ totalSize: string; chunkSize: number }, { chunk: Buffer }>) {
    const size = downloadChunkSize(BigInt(call.request.totalSize), call.request.chunkSize);
    if (typeof size === "string") {
      call.emit("error", { code: grpc.status.INVALID_ARGUMENT, details: size });
      return;
    }
    const chunk = Buffer.alloc(size);
    const total = Number(call.request.totalSize);
    for (let sent = 0; sent < total; sent += size) {
      if (call.cancelled) return;
      // Backpressure as grpc-js documents it: wait for 'drain' when write() says the buffer is full.
      if (!call.write({ chunk: sent + size <= total ? chunk : chunk.subarray(0, total - sent) })) await once(call, "drain");
    }
    call.end();
  },
  PingPong(call: grpc.ServerDuplexStream<Payload, Payload>) {
    call.on("data", (request: Payload) => call.write({ payload: request.payload }));
    call.on("end", () => call.end());
  },
});
server.bindAsync(`127.0.0.1:${Number(process.argv[2] ?? 0)}`, grpc.ServerCredentials.createInsecure(), (error, port) => {
  if (error !== null) {
    process.stderr.write(`grpc-js-server: cannot listen: ${error.message}\n`);
    process.exit(1);
  }
  process.stdout.write(`listening on ${port}\n`);
});
const stop = () => server.tryShutdown(() => process.exit(0));
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
