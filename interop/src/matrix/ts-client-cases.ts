import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { BadRequestSchema, Code, createChannel, createClient, RpcError } from "@polyrpc/grpc";
import { Contact, FirstMsg, Greeter, Indicator, IndicatorGraph, RouteGuide, type MACDGraphReply } from "@polyrpc/stubs";
import type { Client as GrpcClient, Metadata } from "@grpc/grpc-js";
import type { Json, Outcome } from "./outcome.js";
import { routeGuideDbUrl } from "./route-guide-db.js";

/** The inputs every case gets: a channel to the server under test and the client's tag (`ts`). */
export interface CaseInput {
  channel: GrpcClient;
  tag: string;
}

const seedRectangle = { lo: { latitude: 400000000, longitude: -750000000 }, hi: { latitude: 420000000, longitude: -730000000 } };
const echoHeaders = { "x-grpc-test-echo-initial": "test_initial_metadata_value", "x-grpc-test-echo-trailing-bin": new Uint8Array([0xab, 0xab, 0xab]) };

/** The status code's name, as the outcome prints it. */
function codeName(code: number): string {
  return Code[code] ?? String(code);
}

/** Runs `call`, which must fail; returns the error as `{code, message}`. */
async function expectError(call: () => Promise<unknown>): Promise<{ code: string; message: string; violations: string[][] }> {
  try {
    await call();
  } catch (e) {
    if (e instanceof RpcError) return { code: codeName(e.code), message: e.message, violations: fieldViolations(e) };
    throw e;
  }
  throw new Error("the call succeeded; an error status was expected");
}

/** The [field, description] pairs of the google.rpc.BadRequest details of an error, as CASES.md lists them. */
function fieldViolations(error: RpcError): string[][] {
  return error.findDetails(BadRequestSchema).flatMap((d) => d.fieldViolations.map((v) => [v.field, v.description]));
}

/** PNG properties of a chunked file, as CASES.md lists them. */
function pngProperties(chunks: MACDGraphReply[], fullChunk?: number): Outcome {
  const file = Buffer.concat(chunks.map((c) => c.macdChunk));
  let offset = 0n;
  let contiguous = true;
  for (const c of chunks) {
    if (c.offset !== offset) contiguous = false;
    offset += BigInt(c.macdChunk.length);
  }
  const last = chunks.at(-1);
  const png = file.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const outcome: Outcome = {
    png,
    width: png ? file.readUInt32BE(16) : 0,
    height: png ? file.readUInt32BE(20) : 0,
    offsets_contiguous: contiguous,
    total_size_consistent: chunks.every((c) => c.totalSize === BigInt(file.length)),
    sha256_ok: last !== undefined && Buffer.from(last.sha256).equals(createHash("sha256").update(file).digest()),
    max_chunk_ok: chunks.every((c) => c.macdChunk.length <= 65536),
  };
  if (fullChunk !== undefined) outcome["chunks_full"] = chunks.slice(0, -1).every((c) => c.macdChunk.length === fullChunk);
  return outcome;
}

/** Collects response headers and trailers of a call for the echo checks. */
function echoCapture() {
  const seen: { headers?: Metadata; trailers?: Metadata } = {};
  return {
    options: { metadata: echoHeaders, onHeader: (m: Metadata) => (seen.headers = m), onTrailer: (m: Metadata) => (seen.trailers = m) },
    outcome(): Outcome {
      const trailing = seen.trailers?.get("x-grpc-test-echo-trailing-bin")[0];
      return {
        initial: String(seen.headers?.get("x-grpc-test-echo-initial")[0] ?? ""),
        trailing_bin: Buffer.isBuffer(trailing) ? trailing.toString("hex") : "",
      };
    },
  };
}

/** Calls a method by path with raw bytes, for methods no descriptor has. */
function rawCall(channel: GrpcClient, path: string): Promise<{ code: string }> {
  const identity = (b: Buffer) => b;
  return new Promise((resolve) => channel.makeUnaryRequest(path, identity, identity, Buffer.alloc(0), (e) => resolve({ code: e ? codeName(e.code) : "OK" })));
}

/** The TypeScript client's implementation of every case of interop/CASES.md, by case name. */
export const tsClientCases: Record<string, (input: CaseInput) => Promise<Outcome>> = {
  async "greeter.say_hello"({ channel }) {
    const client = createClient(Greeter, channel);
    const messages = [];
    for (const name of ["World", "世界"]) messages.push((await client.sayHello({ name })).message);
    return { messages };
  },
  async "firstmsg.success"({ channel }) {
    const body = '{"from": 1, "to": 2, "op_time": "2024-01-01 10:00:00", "msg": "hello"}';
    return { content: (await createClient(FirstMsg, channel).firstMsg({ body })).content };
  },
  async "firstmsg.failure"({ channel }) {
    return { content: (await createClient(FirstMsg, channel).firstMsg({ body: "" })).content };
  },
  async "firstmsg.invalid_json"({ channel }) {
    return expectError(() => createClient(FirstMsg, channel).firstMsg({ body: "{not json — ünïcode ✓" }));
  },
  async "routeguide.get_feature"({ channel }) {
    const client = createClient(RouteGuide, channel);
    const features: Json[] = [];
    for (const point of [
      { latitude: 409146138, longitude: -746188906 },
      { latitude: 0, longitude: 0 },
    ]) {
      const f = await client.getFeature(point);
      features.push({ name: f.name, latitude: f.location?.latitude ?? 0, longitude: f.location?.longitude ?? 0 });
    }
    return { features };
  },
  async "routeguide.list_features"({ channel }) {
    const names = [];
    for await (const f of createClient(RouteGuide, channel).listFeatures(seedRectangle)) names.push(f.name);
    return { names };
  },
  async "routeguide.record_route"({ channel }) {
    const db = JSON.parse(await readFile(routeGuideDbUrl, "utf8")) as { location: { latitude: number; longitude: number } }[];
    const points = [...db.map((f) => f.location), { latitude: 1, longitude: 1 }];
    const s = await createClient(RouteGuide, channel).recordRoute(points);
    return { point_count: s.pointCount, feature_count: s.featureCount, distance: s.distance, elapsed_time_ok: s.elapsedTime >= 0 && s.elapsedTime <= 60 };
  },
  async "routeguide.route_chat"({ channel }) {
    const notes = [
      ["First message", 0, 0],
      ["Second message", 0, 1],
      ["Third message", 1, 0],
      ["Fourth message", 0, 0],
      ["Fifth message", 1, 0],
    ] as const;
    const received = [];
    for await (const n of createClient(RouteGuide, channel).routeChat(
      notes.map(([message, latitude, longitude]) => ({ message, location: { latitude, longitude } })),
    )) {
      received.push(`${n.message}@${n.location?.latitude ?? 0},${n.location?.longitude ?? 0}`);
    }
    return { received };
  },
  async "contact.send_status"({ channel }) {
    const replies = [];
    const messages = Array.from({ length: 15 }, (_, i) => ({ msg: `数据:${i + 1}` }));
    for await (const r of createClient(Contact, channel).sendStatus(messages)) replies.push(r.ret);
    return { replies };
  },
  async "contact.get_task"({ channel }) {
    const tasks: string[] = [];
    for await (const t of createClient(Contact, channel).getTask({}, { timeoutMs: 10_000 })) {
      tasks.push(t.task);
      if (tasks.length === 10) break;
    }
    const allMatch = tasks.every((t) => {
      const m = /^任务:(\d+)$/.exec(t);
      return m !== null && Number(m[1]) >= 100 && Number(m[1]) <= 200;
    });
    return { count: tasks.length, all_match: allMatch };
  },
  async "contact.tell_result"({ channel, tag }) {
    const acks = [1, 2].map((i) => ({ ret: `客户端接收到任务:matrix-${tag}-${i}` }));
    await createClient(Contact, channel).tellResult(acks);
    return { acks_sent: acks.length };
  },
  async "indicator.get_macd"({ channel }) {
    const reply = await createClient(Indicator, channel).getMACD({ startDate: "2023-01-01", endDate: "2023-12-31" });
    return { rows: reply.macd.map((r) => [r.date, r.open, r.close, r.high, r.low, r.macd, r.signal, r.histogram]) };
  },
  async "indicator.invalid_dates"({ channel }) {
    const client = createClient(Indicator, channel);
    const errors = [];
    for (const [startDate, endDate] of [
      ["2023-13-01", "2023-12-31"],
      ["2023-01-01", "31/12/2023"],
      ["2023-12-31", "2023-01-01"],
    ] as const) {
      errors.push(await expectError(() => client.getMACD({ startDate, endDate })));
    }
    return { errors };
  },
  async "indicator_graph.get_macd_graph"({ channel }) {
    const chunks = [];
    for await (const c of createClient(IndicatorGraph, channel).getMACDGraph({ startDate: "2023-01-01", endDate: "2023-12-31", width: 800, height: 400 }))
      chunks.push(c);
    return pngProperties(chunks);
  },
  async "indicator_graph.chunk_size"({ channel }) {
    const chunks = [];
    for await (const c of createClient(IndicatorGraph, channel).getMACDGraph({ startDate: "2023-01-01", endDate: "2023-12-31", chunkSize: 4096 }))
      chunks.push(c);
    return pngProperties(chunks, 4096);
  },
  async "indicator_graph.invalid_size"({ channel }) {
    let chunks = 0;
    const error = await expectError(async () => {
      for await (const _ of createClient(IndicatorGraph, channel).getMACDGraph({ width: 99 })) chunks++;
    });
    return { ...error, chunks };
  },
  async "errors.custom_metadata"({ channel }) {
    const unary = echoCapture();
    await createClient(Greeter, channel).sayHello({ name: "metadata" }, unary.options);
    const streaming = echoCapture();
    for await (const _ of createClient(RouteGuide, channel).listFeatures(seedRectangle, streaming.options)) {
      // Drain the stream: the trailers come at its end.
    }
    return { unary: unary.outcome(), server_streaming: streaming.outcome() };
  },
  async "errors.deadline_exceeded"({ channel }) {
    const { code } = await expectError(async () => {
      for await (const _ of createClient(Contact, channel).getTask({}, { timeoutMs: 300 })) {
        // Tasks may arrive before the deadline; only the final status matters.
      }
    });
    return { code };
  },
  async "errors.cancel_after_first_response"({ channel }) {
    const controller = new AbortController();
    let received = 0;
    const { code } = await expectError(async () => {
      for await (const _ of createClient(Contact, channel).getTask({}, { signal: controller.signal, timeoutMs: 10_000 })) {
        received++;
        controller.abort();
      }
    });
    return { code, received };
  },
  async "errors.unimplemented_method"({ channel }) {
    return rawCall(channel, "/routeguide.RouteGuide/NoSuchMethod");
  },
  async "errors.unimplemented_service"({ channel }) {
    return rawCall(channel, "/polyrpc.NoSuchService/NoSuchMethod");
  },
};

/** Opens a channel to `target` for a run of cases. */
export function openChannel(target: string): GrpcClient {
  return createChannel(target);
}
