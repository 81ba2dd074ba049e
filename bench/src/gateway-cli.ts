// `pnpm bench:gateway`: what the @polyrpc/web gateway costs. The polyrpc bench server runs in one process,
// polyrpc-web in front of it in another, and this process drives both paths in turn: gRPC directly (the
// @polyrpc/grpc client, as a Node caller would) and gRPC-web through the gateway (fetch with gRPC-web bodies,
// as connect-web does in a browser). Unary calls with 32 in flight, and a 64 MiB download in 64 KiB chunks,
// interleaved round by round so that machine drift lands on both sides; prints each ratio's median and
// spread. The gRPC-web client is node:http with keep-alive (32 sockets), not fetch: undici's fetch costs
// more per call than the gateway does, and a browser's fetch is not Node's. The client stacks still differ
// (HTTP/1.1 against grpc-js over h2), so a ratio is the cost of the gRPC-web path, not of the gateway alone.
import { Agent, request } from "node:http";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { createChannel, createClient } from "@polyrpc/grpc";
import { startListening, type ListeningProcess } from "@polyrpc/interop/listening-process";
import { BenchService } from "@polyrpc/stubs";
import { decodeGrpcWebResponse, encodeGrpcWebBody } from "@polyrpc/web/frames";
import { startServer } from "./start-server.js";

const serverScript = fileURLToPath(new URL("./servers/polyrpc-server.js", import.meta.url));
const gatewayBin = fileURLToPath(new URL("../../packages/web/bin/polyrpc-web.js", import.meta.url));
const UNARY_PATH = "/polyrpc.bench.v1.BenchService/Unary";
const DOWNLOAD_PATH = "/polyrpc.bench.v1.BenchService/Download";
const CHUNK = 64 * 1024;

/** Runs `call` with `concurrency` in flight for `seconds`; calls per second. */
async function closedLoop(concurrency: number, seconds: number, call: () => Promise<void>): Promise<number> {
  const end = performance.now() + seconds * 1000;
  let done = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        await call();
        done++;
      }
    }),
  );
  return done / ((performance.now() - started) / 1000);
}

const agent = new Agent({ keepAlive: true, maxSockets: 32 });

/** POSTs a gRPC-web body over node:http; calls `onChunk` with each response chunk, resolves at the end. */
function post(url: string, body: Uint8Array, onChunk: (chunk: Buffer) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: "POST", agent, headers: { "content-type": "application/grpc-web+proto", "content-length": body.length } }, (res) => {
      res.on("data", onChunk);
      res.on("end", resolve);
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** Median and spread ((max - min) / median) of some figures. */
function summary(values: number[]): { median: number; spread: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  const median = sorted.length % 2 === 1 ? sorted[Math.floor(mid)]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, spread: (sorted.at(-1)! - sorted[0]!) / median };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { rounds: { type: "string", default: "5" }, seconds: { type: "string", default: "3" }, "download-mib": { type: "string", default: "64" } } });
  const rounds = Number(values.rounds);
  const seconds = Number(values.seconds);
  const downloadBytes = Number(values["download-mib"]) * 1024 * 1024;
  let server: ListeningProcess | undefined;
  let gateway: ListeningProcess | undefined;
  try {
    server = await startServer("polyrpc", process.execPath, [serverScript]);
    gateway = await startListening(process.execPath, [gatewayBin, "--backend", server.target, "--port", "0"], {
      label: "polyrpc-web",
      portPattern: /^gRPC-web on http:\/\/127\.0\.0\.1:(\d+)\n/m,
      timeoutMs: 30_000,
    });
    const base = `http://127.0.0.1:${gateway.port}`;
    const channel = createChannel(server.target);
    const client = createClient(BenchService, channel);
    const payload = new Uint8Array(32);
    // UnaryRequest{payload: 32 bytes}: field 1, length 32.
    const unaryBody = encodeGrpcWebBody([Uint8Array.of(0x0a, 32, ...payload)]);
    // DownloadRequest{total_size, chunk_size} as varints.
    const varint = (n: number) => {
      const out: number[] = [];
      for (; n >= 0x80; n = Math.floor(n / 0x80)) out.push((n % 0x80) | 0x80);
      return [...out, n];
    };
    const downloadBody = encodeGrpcWebBody([Uint8Array.of(0x08, ...varint(downloadBytes), 0x10, ...varint(CHUNK))]);

    const paths = {
      direct: {
        unary: async () => {
          await client.unary({ payload });
        },
        download: async () => {
          let got = 0;
          for await (const r of client.download({ totalSize: BigInt(downloadBytes), chunkSize: CHUNK })) got += r.chunk.length;
          if (got !== downloadBytes) throw new Error(`direct download: ${got} bytes`);
        },
      },
      gateway: {
        unary: async () => {
          const chunks: Buffer[] = [];
          await post(base + UNARY_PATH, unaryBody, (c) => chunks.push(c));
          const answer = decodeGrpcWebResponse(new Uint8Array(Buffer.concat(chunks)));
          if (answer.trailers["grpc-status"] !== "0" || answer.messages.length !== 1) throw new Error(`gateway unary: ${JSON.stringify(answer.trailers)}`);
        },
        download: async () => {
          let got = 0;
          let tail: Buffer = Buffer.alloc(0);
          await post(base + DOWNLOAD_PATH, downloadBody, (c) => {
            got += c.length;
            tail = c;
          });
          // Every message's 5-byte prefix and protobuf tag and length (4 bytes), then the trailer frame.
          const framing = (downloadBytes / CHUNK) * 9;
          if (got < downloadBytes + framing || !tail.includes("grpc-status: 0")) throw new Error(`gateway download: ${got} bytes`);
        },
      },
    };
    // Warm-up: JIT, connections and the gateway's backend session.
    for (const path of Object.values(paths)) {
      await closedLoop(32, 1, path.unary);
      await path.download();
    }
    const ratios = { unary: [] as number[], download: [] as number[] };
    const figures = { direct: { unary: [] as number[], download: [] as number[] }, gateway: { unary: [] as number[], download: [] as number[] } };
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? (["direct", "gateway"] as const) : (["gateway", "direct"] as const);
      const got: Record<string, { unary: number; download: number }> = {};
      for (const name of order) {
        const unary = await closedLoop(32, seconds, paths[name].unary);
        const started = performance.now();
        await paths[name].download();
        const download = downloadBytes / 1024 / 1024 / ((performance.now() - started) / 1000);
        got[name] = { unary, download };
        figures[name].unary.push(unary);
        figures[name].download.push(download);
      }
      ratios.unary.push(got["gateway"]!.unary / got["direct"]!.unary);
      ratios.download.push(got["gateway"]!.download / got["direct"]!.download);
      process.stderr.write(`round ${round + 1}: unary ${got["direct"]!.unary.toFixed(0)} vs ${got["gateway"]!.unary.toFixed(0)} RPC/s, download ${got["direct"]!.download.toFixed(0)} vs ${got["gateway"]!.download.toFixed(0)} MiB/s\n`);
    }
    channel.close();
    agent.destroy();
    const line = (label: string, unit: string, d: number[], g: number[], r: number[]) => {
      const [sd, sg, sr] = [summary(d), summary(g), summary(r)];
      return `| ${label} | ${sd.median.toFixed(0)} ${unit} ± ${(sd.spread * 100).toFixed(0)}% | ${sg.median.toFixed(0)} ${unit} ± ${(sg.spread * 100).toFixed(0)}% | ${sr.median.toFixed(2)}x ± ${(sr.spread * 100).toFixed(0)}% |`;
    };
    console.log(`| scenario (${rounds} interleaved rounds) | gRPC direct | gRPC-web via polyrpc-web | ratio |`);
    console.log("|---|---|---|---|");
    console.log(line(`unary, 32 in flight, ${seconds} s`, "RPC/s", figures.direct.unary, figures.gateway.unary, ratios.unary));
    console.log(line(`download ${downloadBytes / 1024 / 1024} MiB, 64 KiB chunks`, "MiB/s", figures.direct.download, figures.gateway.download, ratios.download));
  } finally {
    await gateway?.stop();
    await server?.stop();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`polyrpc: bench:gateway: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
