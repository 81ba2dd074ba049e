// What the @polyrpc/web gateway costs. The polyrpc bench server runs in one process,
// polyrpc-web in front of it in another, and this process drives both paths in turn: gRPC directly (the
// @polyrpc/grpc client, as a Node caller would) and gRPC-web through the gateway (gRPC-web bodies over
// HTTP/1.1, as connect-web sends them from a browser). Unary calls with 32 in flight, and a download in
// 64 KiB chunks, interleaved round by round so that machine drift lands on both sides.
//
// The gRPC-web client is node:http with keep-alive (32 sockets), not fetch: undici's fetch costs more per
// call than the gateway does, and a browser's fetch is not Node's. The client stacks still differ (HTTP/1.1
// against grpc-js over h2), so a throughput ratio is the cost of the gRPC-web path, not of the gateway alone.
// That is why each round also reads the CPU time of every process: on a shared machine throughput moves with
// everything else that runs, while CPU per MiB or per call moves much less, and the gateway's own CPU is
// what it adds.
import { Agent, request } from "node:http";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createChannel, createClient } from "@polyrpc/grpc";
import { startListening, type ListeningProcess } from "@polyrpc/devkit";
import { BenchService } from "./gen/polyrpc/bench/v1/bench_pb.js";
import { decodeGrpcWebResponse, encodeGrpcWebBody } from "@polyrpc/web/frames";
import { figure, type GatewayResults, type GatewayScenario, type GatewaySettings } from "./gateway-results.js";
import { processCpuMs } from "./process-cpu.js";
import { startServer } from "./start-server.js";

const serverScript = fileURLToPath(new URL("./servers/polyrpc-server.js", import.meta.url));
/** The gateway that is measured: the polyrpc-web bin of the @polyrpc/web this package depends on (the workspace's build). */
export const GATEWAY_BIN = join(dirname(createRequire(import.meta.url).resolve("@polyrpc/web/package.json")), "bin", "polyrpc-web.js");
const UNARY_PATH = "/polyrpc.bench.v1.BenchService/Unary";
const DOWNLOAD_PATH = "/polyrpc.bench.v1.BenchService/Download";
const CHUNK = 64 * 1024;
const CONCURRENCY = 32;

/** `pnpm bench:gateway` by default, and the gateway part of a full `pnpm bench`. */
export const GATEWAY_FULL: GatewaySettings = { rounds: 5, seconds: 3, downloadMiB: 64 };
/** The gateway part of `pnpm bench --quick`: checks the harness, measures little. */
export const GATEWAY_QUICK: GatewaySettings = { rounds: 1, seconds: 0.5, downloadMiB: 8 };

/** Runs `call` with `concurrency` in flight for `seconds`; the number of calls made. */
async function closedLoop(concurrency: number, seconds: number, call: () => Promise<void>): Promise<number> {
  const end = performance.now() + seconds * 1000;
  let done = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        await call();
        done++;
      }
    }),
  );
  return done;
}

/** POSTs a gRPC-web body over node:http; calls `onChunk` with each response chunk, resolves at the end. */
function post(agent: Agent, url: string, body: Uint8Array, onChunk: (chunk: Buffer) => void): Promise<void> {
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

/** A protobuf varint. */
function varint(n: number): number[] {
  const out: number[] = [];
  for (; n >= 0x80; n = Math.floor(n / 0x80)) out.push((n % 0x80) | 0x80);
  return [...out, n];
}

/** CPU ms of this process (client) so far. */
function clientCpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

/** Measures the gateway against the same server called directly; `log` gets one line per round. */
export async function runGatewayBench(settings: GatewaySettings, log: (line: string) => void): Promise<GatewayResults> {
  const downloadBytes = settings.downloadMiB * 1024 * 1024;
  let server: ListeningProcess | undefined;
  let gateway: ListeningProcess | undefined;
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  try {
    server = await startServer("polyrpc", process.execPath, [serverScript]);
    gateway = await startListening(process.execPath, [settings.gatewayBin ?? GATEWAY_BIN, "--backend", server.target, "--port", "0"], {
      label: "polyrpc-web",
      portPattern: /^gRPC-web on http:\/\/127\.0\.0\.1:(\d+)$/,
      timeoutMs: 30_000,
    });
    const base = `http://127.0.0.1:${gateway.port}`;
    const channel = createChannel(server.target);
    const client = createClient(BenchService, channel);
    const payload = new Uint8Array(32);
    // UnaryRequest{payload: 32 bytes}: field 1, length 32.
    const unaryBody = encodeGrpcWebBody([Uint8Array.of(0x0a, 32, ...payload)]);
    // DownloadRequest{total_size, chunk_size} as varints.
    const downloadBody = encodeGrpcWebBody([Uint8Array.of(0x08, ...varint(downloadBytes), 0x10, ...varint(CHUNK))]);
    const paths = {
      direct: {
        unary: async () => {
          await client.unary({ payload });
        },
        download: async () => {
          let got = 0;
          for await (const r of client.download({ totalSize: BigInt(downloadBytes), chunkSize: CHUNK })) got += r.chunk.length;
          if (got !== downloadBytes) throw new Error(`direct download: ${got} bytes of ${downloadBytes}`);
        },
      },
      gateway: {
        unary: async () => {
          const chunks: Buffer[] = [];
          await post(agent, base + UNARY_PATH, unaryBody, (c) => chunks.push(c));
          const answer = decodeGrpcWebResponse(new Uint8Array(Buffer.concat(chunks)));
          if (answer.trailers["grpc-status"] !== "0" || answer.messages.length !== 1) throw new Error(`gateway unary: ${JSON.stringify(answer.trailers)}`);
        },
        download: async () => {
          let got = 0;
          let tail: Buffer = Buffer.alloc(0);
          await post(agent, base + DOWNLOAD_PATH, downloadBody, (c) => {
            got += c.length;
            // The last 64 bytes, where the trailer frame's "grpc-status: 0" is, without copying every chunk.
            tail = c.length >= 64 ? c.subarray(-64) : Buffer.concat([tail, c]).subarray(-64);
          });
          // Every message's 5-byte prefix and protobuf tag and length (4 bytes), then the trailer frame.
          const framing = (downloadBytes / CHUNK) * 9;
          if (got < downloadBytes + framing || !tail.includes("grpc-status: 0"))
            throw new Error(`gateway download: ${got} bytes, ending ${JSON.stringify(tail.toString("latin1"))}`);
        },
      },
    };
    const pids = { server: server.pid, gateway: gateway.pid };
    /** Runs `work` and returns its seconds and the CPU ms each process spent meanwhile. */
    // biome-ignore lint/suspicious/noConfusingVoidType: a work function is either a void async function or returns a count.
    const measured = async (work: () => Promise<number | void>) => {
      const before = { server: processCpuMs(pids.server) ?? NaN, gateway: processCpuMs(pids.gateway) ?? NaN, client: clientCpuMs() };
      const started = performance.now();
      const count = await work();
      const seconds = (performance.now() - started) / 1000;
      const cpu = {
        server: (processCpuMs(pids.server) ?? NaN) - before.server,
        gateway: (processCpuMs(pids.gateway) ?? NaN) - before.gateway,
        client: clientCpuMs() - before.client,
      };
      return { seconds, count: count ?? 0, cpu };
    };
    // Warm-up: JIT, connections and the gateway's backend session.
    for (const path of Object.values(paths)) {
      await closedLoop(CONCURRENCY, Math.min(1, settings.seconds), path.unary);
      await path.download();
    }
    type Series = { direct: number[]; gateway: number[]; ratio: number[]; cpuDirect: number[]; cpuGateway: number[]; cpuGatewayProcess: number[] };
    const series = (): Series => ({ direct: [], gateway: [], ratio: [], cpuDirect: [], cpuGateway: [], cpuGatewayProcess: [] });
    const unary = series();
    const download = series();
    for (let round = 0; round < settings.rounds; round++) {
      const order = round % 2 === 0 ? (["direct", "gateway"] as const) : (["gateway", "direct"] as const);
      const got = { direct: { unary: 0, download: 0 }, gateway: { unary: 0, download: 0 } };
      for (const name of order) {
        const u = await measured(() => closedLoop(CONCURRENCY, settings.seconds, paths[name].unary));
        const d = await measured(() => paths[name].download());
        got[name] = { unary: u.count / u.seconds, download: settings.downloadMiB / d.seconds };
        const cpuOfPath = (cpu: typeof u.cpu) => cpu.server + cpu.client + (name === "gateway" ? cpu.gateway : 0);
        unary[name].push(got[name].unary);
        download[name].push(got[name].download);
        if (name === "direct") {
          unary.cpuDirect.push((cpuOfPath(u.cpu) / u.count) * 1000);
          download.cpuDirect.push(cpuOfPath(d.cpu) / settings.downloadMiB);
        } else {
          unary.cpuGateway.push((cpuOfPath(u.cpu) / u.count) * 1000);
          download.cpuGateway.push(cpuOfPath(d.cpu) / settings.downloadMiB);
          unary.cpuGatewayProcess.push((u.cpu.gateway / u.count) * 1000);
          download.cpuGatewayProcess.push(d.cpu.gateway / settings.downloadMiB);
        }
      }
      unary.ratio.push(got.gateway.unary / got.direct.unary);
      download.ratio.push(got.gateway.download / got.direct.download);
      log(
        `gateway round ${round + 1}/${settings.rounds}: unary ${got.direct.unary.toFixed(0)} vs ${got.gateway.unary.toFixed(0)} RPC/s, ` +
          `download ${got.direct.download.toFixed(0)} vs ${got.gateway.download.toFixed(0)} MiB/s (direct vs gateway)`,
      );
    }
    channel.close();
    const scenario = (id: GatewayScenario["id"], label: string, unit: string, cpuUnit: string, s: Series): GatewayScenario => ({
      id,
      label,
      unit,
      direct: figure(s.direct),
      gateway: figure(s.gateway),
      ratio: figure(s.ratio),
      cpu: { unit: cpuUnit, direct: figure(s.cpuDirect), gateway: figure(s.cpuGateway), gatewayProcess: figure(s.cpuGatewayProcess) },
    });
    return {
      settings: { rounds: settings.rounds, seconds: settings.seconds, downloadMiB: settings.downloadMiB },
      scenarios: [
        scenario("unary", `unary, ${CONCURRENCY} in flight, ${settings.seconds} s`, "RPC/s", "CPU ms / 1000 calls", unary),
        scenario("download", `download ${settings.downloadMiB} MiB, 64 KiB chunks`, "MiB/s", "CPU ms / MiB", download),
      ],
    };
  } finally {
    agent.destroy();
    await gateway?.stop();
    await server?.stop();
  }
}
