// The upload scenario's TypeScript clients: `node upload-client.js <polyrpc|grpc-js> <host:port> <total> <chunk>`
// streams `total` bytes in `chunk`-byte requests to BenchService.Upload, once to warm up (an eighth of
// the total) and once measured, and prints {"bytes","seconds","cpuMs"} of the measured upload as JSON.
// polyrpc: createClient of @polyrpc/grpc with protobuf-es stubs and an iterable of requests, as its users
// write a client stream; raw grpc-js: proto-loader and write()/'drain', as a grpc-js user writes one.
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import { createClient } from "@polyrpc/grpc";
import { BenchService } from "../gen/polyrpc/bench/v1/bench_pb.js";

type Upload = (total: number, chunk: number) => Promise<{ totalSize: bigint | string | number; chunks: bigint | string | number }>;

/** The requests of one upload: the same chunk buffer every time, as the download servers send theirs. */
function* chunks(total: number, size: number): Generator<Uint8Array> {
  const chunk = new Uint8Array(size);
  for (let sent = 0; sent < total; sent += size) yield sent + size <= total ? chunk : chunk.subarray(0, total - sent);
}

function polyrpcUpload(target: string): Upload {
  const client = createClient(BenchService, target);
  return async (total, size) => {
    function* requests() {
      for (const chunk of chunks(total, size)) yield { chunk };
    }
    return client.upload(requests());
  };
}

function grpcJsUpload(target: string): Upload {
  const protoRoot = fileURLToPath(new URL("../../proto", import.meta.url));
  const definition = protoLoader.loadSync("polyrpc/bench/v1/bench.proto", { includeDirs: [protoRoot], longs: String });
  const loaded = grpc.loadPackageDefinition(definition) as unknown as {
    polyrpc: { bench: { v1: { BenchService: grpc.ServiceClientConstructor } } };
  };
  const client = new loaded.polyrpc.bench.v1.BenchService(target, grpc.credentials.createInsecure()) as unknown as {
    Upload(
      callback: (error: grpc.ServiceError | null, response: { totalSize: string; chunks: string }) => void,
    ): grpc.ClientWritableStream<{ chunk: Uint8Array }>;
  };
  return (total, size) =>
    new Promise((resolve, reject) => {
      const call = client.Upload((error, response) => (error !== null ? reject(error) : resolve(response)));
      void (async () => {
        for (const chunk of chunks(total, size)) {
          if (!call.write({ chunk })) await once(call, "drain");
        }
        call.end();
      })().catch(reject);
    });
}

async function main(): Promise<void> {
  const [stack, target, totalArg, chunkArg] = process.argv.slice(2);
  const total = Number(totalArg);
  const size = Number(chunkArg);
  if ((stack !== "polyrpc" && stack !== "grpc-js") || target === undefined || !(total > 0) || !Number.isInteger(size) || size < 1) {
    throw new Error(`usage: upload-client.js <polyrpc|grpc-js> <host:port> <total bytes> <chunk bytes>, got ${process.argv.slice(2).join(" ")}`);
  }
  const upload = stack === "polyrpc" ? polyrpcUpload(target) : grpcJsUpload(target);
  await upload(Math.max(size, Math.floor(total / 8)), size);
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const response = await upload(total, size);
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  if (BigInt(response.totalSize) !== BigInt(total)) throw new Error(`the server received ${response.totalSize} bytes of ${total}`);
  process.stdout.write(`${JSON.stringify({ bytes: total, seconds, cpuMs: (cpu.user + cpu.system) / 1000 })}\n`);
  process.exit(0);
}

main().catch((error: unknown) => {
  process.stderr.write(`polyrpc: upload client: ${(error as Error).message}\n`);
  process.exit(1);
});
