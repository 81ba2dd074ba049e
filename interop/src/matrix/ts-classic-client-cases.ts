// The `ts-classic` client: every case of interop/CASES.md written the way grpc-node's static_codegen examples
// are, with the classic stubs of @polyrpc/stubs-classic (grpc-tools' format): google-protobuf messages with
// getters and setters, `new XClient(target, credentials)`, callbacks for unary and client-streaming calls, and
// 'data'/'metadata'/'status'/'error'/'end' events for streams. Promises appear only around those callbacks, so
// the runner can time and bound each case.
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import * as grpc from "@grpc/grpc-js";
import { BadRequestSchema, RpcError } from "@polyrpc/grpc";
import type * as contactGrpc from "@polyrpc/stubs-classic/contact/contact_grpc_pb";
import type * as contactPb from "@polyrpc/stubs-classic/contact/contact_pb";
import type * as firstMsgGrpc from "@polyrpc/stubs-classic/firstmsg/first_msg_grpc_pb";
import type * as firstMsgPb from "@polyrpc/stubs-classic/firstmsg/first_msg_pb";
import type * as helloGrpc from "@polyrpc/stubs-classic/helloworld/hello_grpc_pb";
import type * as helloPb from "@polyrpc/stubs-classic/helloworld/hello_pb";
import type * as graphGrpc from "@polyrpc/stubs-classic/idc/indicator_graph_grpc_pb";
import type * as graphPb from "@polyrpc/stubs-classic/idc/indicator_graph_pb";
import type * as indicatorGrpc from "@polyrpc/stubs-classic/idc/indicator_grpc_pb";
import type * as indicatorPb from "@polyrpc/stubs-classic/idc/indicator_pb";
import type * as routeGuideGrpc from "@polyrpc/stubs-classic/routeguide/route_guide_grpc_pb";
import type * as routeGuidePb from "@polyrpc/stubs-classic/routeguide/route_guide_pb";
import type { Json, Outcome } from "./outcome.js";
import { routeGuideDbUrl } from "./route-guide-db.js";

// require(), as a grpc-node example does: the _pb modules attach their classes at run time, so an ESM import
// would see only a default export.
const require = createRequire(import.meta.url);
const hello = require("@polyrpc/stubs-classic/helloworld/hello_pb") as typeof helloPb;
const helloServices = require("@polyrpc/stubs-classic/helloworld/hello_grpc_pb") as typeof helloGrpc;
const firstMsg = require("@polyrpc/stubs-classic/firstmsg/first_msg_pb") as typeof firstMsgPb;
const firstMsgServices = require("@polyrpc/stubs-classic/firstmsg/first_msg_grpc_pb") as typeof firstMsgGrpc;
const routeGuide = require("@polyrpc/stubs-classic/routeguide/route_guide_pb") as typeof routeGuidePb;
const routeGuideServices = require("@polyrpc/stubs-classic/routeguide/route_guide_grpc_pb") as typeof routeGuideGrpc;
const contact = require("@polyrpc/stubs-classic/contact/contact_pb") as typeof contactPb;
const contactServices = require("@polyrpc/stubs-classic/contact/contact_grpc_pb") as typeof contactGrpc;
const indicator = require("@polyrpc/stubs-classic/idc/indicator_pb") as typeof indicatorPb;
const indicatorServices = require("@polyrpc/stubs-classic/idc/indicator_grpc_pb") as typeof indicatorGrpc;
const graph = require("@polyrpc/stubs-classic/idc/indicator_graph_pb") as typeof graphPb;
const graphServices = require("@polyrpc/stubs-classic/idc/indicator_graph_grpc_pb") as typeof graphGrpc;

/** The inputs every case gets: the server's address and the client's tag (`ts-classic`). */
export interface ClassicCaseInput {
  target: string;
  tag: string;
}

const insecure = () => grpc.credentials.createInsecure();

/** Opens a client of a generated class, runs `use`, and closes the client whatever happens. */
async function withClient<C extends grpc.Client, T>(
  Client: new (address: string, credentials: grpc.ChannelCredentials) => C,
  target: string,
  use: (client: C) => Promise<T>,
): Promise<T> {
  const client = new Client(target, insecure());
  try {
    return await use(client);
  } finally {
    client.close();
  }
}

/** The status code's name, as the outcome prints it. */
function codeName(code: number): string {
  return grpc.status[code] ?? String(code);
}

/** A unary or client-streaming call's callback, as a promise. */
function callback<T>(start: (done: (err: grpc.ServiceError | null, value?: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => start((err, value) => (err ? reject(err) : resolve(value!))));
}

/** Reads a response stream to its end with 'data', 'end' and 'error' events. */
function readAll<T>(call: grpc.ClientReadableStream<T> | grpc.ClientDuplexStream<unknown, T>): Promise<T[]> {
  return new Promise((resolve, reject) => {
    const seen: T[] = [];
    call.on("data", (m: T) => seen.push(m));
    call.on("end", () => resolve(seen));
    call.on("error", reject);
  });
}

/** Runs `call`, which must fail with a status; returns it as `{code, message}`. */
async function expectError(call: () => Promise<unknown>): Promise<{ code: string; message: string; violations: string[][] }> {
  try {
    await call();
  } catch (e) {
    const err = e as grpc.ServiceError;
    if (typeof err.code === "number") return { code: codeName(err.code), message: err.details, violations: fieldViolations(err) };
    throw e;
  }
  throw new Error("the call succeeded; an error status was expected");
}

/**
 * The [field, description] pairs of the google.rpc.BadRequest details in the error's
 * grpc-status-details-bin trailer. grpc-tools' stubs have no google.rpc messages, so the trailer is read
 * with @polyrpc/grpc's RpcError, as a classic program that adopts polyrpc for rich errors would.
 */
function fieldViolations(err: grpc.ServiceError): string[][] {
  const error = new RpcError(err.code, err.details, err.metadata);
  return error.findDetails(BadRequestSchema).flatMap((d) => d.fieldViolations.map((v) => [v.field, v.description]));
}

function point(latitude: number, longitude: number): routeGuidePb.Point {
  const p = new routeGuide.Point();
  p.setLatitude(latitude);
  p.setLongitude(longitude);
  return p;
}

function seedRectangle(): routeGuidePb.Rectangle {
  const r = new routeGuide.Rectangle();
  r.setLo(point(400000000, -750000000));
  r.setHi(point(420000000, -730000000));
  return r;
}

function echoMetadata(): grpc.Metadata {
  const metadata = new grpc.Metadata();
  metadata.add("x-grpc-test-echo-initial", "test_initial_metadata_value");
  metadata.add("x-grpc-test-echo-trailing-bin", Buffer.from([0xab, 0xab, 0xab]));
  return metadata;
}

/** What the echo checks read from a call's 'metadata' (headers) and 'status' (trailers) events. */
function echoOutcome(headers: grpc.Metadata | undefined, trailers: grpc.Metadata | undefined): Outcome {
  const trailing = trailers?.get("x-grpc-test-echo-trailing-bin")[0];
  return {
    initial: String(headers?.get("x-grpc-test-echo-initial")[0] ?? ""),
    trailing_bin: Buffer.isBuffer(trailing) ? trailing.toString("hex") : "",
  };
}

function graphRequest(init: { startDate?: string; endDate?: string; width?: number; height?: number; chunkSize?: number }): graphPb.MACDGraphRequest {
  const r = new graph.MACDGraphRequest();
  r.setStartDate(init.startDate ?? "");
  r.setEndDate(init.endDate ?? "");
  r.setWidth(init.width ?? 0);
  r.setHeight(init.height ?? 0);
  r.setChunkSize(init.chunkSize ?? 0);
  return r;
}

/** PNG properties of a chunked file, as CASES.md lists them. */
function pngProperties(chunks: graphPb.MACDGraphReply[], fullChunk?: number): Outcome {
  const file = Buffer.concat(chunks.map((c) => c.getMacdChunk_asU8()));
  let offset = 0;
  let contiguous = true;
  for (const c of chunks) {
    if (c.getOffset() !== offset) contiguous = false;
    offset += c.getMacdChunk_asU8().length;
  }
  const last = chunks.at(-1);
  const png = file.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const outcome: Outcome = {
    png,
    width: png ? file.readUInt32BE(16) : 0,
    height: png ? file.readUInt32BE(20) : 0,
    offsets_contiguous: contiguous,
    total_size_consistent: chunks.every((c) => c.getTotalSize() === file.length),
    sha256_ok: last !== undefined && Buffer.from(last.getSha256_asU8()).equals(createHash("sha256").update(file).digest()),
    max_chunk_ok: chunks.every((c) => c.getMacdChunk_asU8().length <= 65536),
  };
  if (fullChunk !== undefined) outcome["chunks_full"] = chunks.slice(0, -1).every((c) => c.getMacdChunk_asU8().length === fullChunk);
  return outcome;
}

/** Reads getTask's stream, cancelling it once `stopAfter` tasks arrived; resolves with the tasks and how it ended. */
function readTasks(call: grpc.ClientReadableStream<contactPb.ServerMsg>, stopAfter: number): Promise<{ tasks: string[]; code: string }> {
  return new Promise((resolve) => {
    const tasks: string[] = [];
    call.on("data", (t: contactPb.ServerMsg) => {
      tasks.push(t.getTask());
      if (tasks.length === stopAfter) call.cancel();
    });
    call.on("error", (e: grpc.ServiceError) => resolve({ tasks, code: codeName(e.code) }));
    call.on("end", () => resolve({ tasks, code: "OK" }));
  });
}

/** Calls a method by path with raw bytes, for methods no generated client has. */
function rawCall(target: string, path: string): Promise<{ code: string }> {
  const client = new grpc.Client(target, insecure());
  const identity = (b: Buffer) => b;
  return new Promise((resolve) =>
    client.makeUnaryRequest(path, identity, identity, Buffer.alloc(0), (e) => {
      client.close();
      resolve({ code: e ? codeName(e.code) : "OK" });
    }),
  );
}

/** The classic client's implementation of every case of interop/CASES.md, by case name. */
export const tsClassicClientCases: Record<string, (input: ClassicCaseInput) => Promise<Outcome>> = {
  async "greeter.say_hello"({ target }) {
    return withClient(helloServices.GreeterClient, target, async (client) => {
      const messages = [];
      for (const name of ["World", "世界"]) {
        const request = new hello.HelloRequest();
        request.setName(name);
        messages.push((await callback<helloPb.HelloReply>((done) => client.sayHello(request, done))).getMessage());
      }
      return { messages };
    });
  },
  async "firstmsg.success"({ target }) {
    const request = new firstMsg.FirstMsgRequest();
    request.setBody('{"from": 1, "to": 2, "op_time": "2024-01-01 10:00:00", "msg": "hello"}');
    return withClient(firstMsgServices.FirstMsgClient, target, async (client) => ({
      content: (await callback<firstMsgPb.FirstMsgResponse>((done) => client.firstMsg(request, done))).getContent(),
    }));
  },
  async "firstmsg.failure"({ target }) {
    const request = new firstMsg.FirstMsgRequest();
    request.setBody("");
    return withClient(firstMsgServices.FirstMsgClient, target, async (client) => ({
      content: (await callback<firstMsgPb.FirstMsgResponse>((done) => client.firstMsg(request, done))).getContent(),
    }));
  },
  async "firstmsg.invalid_json"({ target }) {
    const request = new firstMsg.FirstMsgRequest();
    request.setBody("{not json — ünïcode ✓");
    return withClient(firstMsgServices.FirstMsgClient, target, (client) => expectError(() => callback((done) => client.firstMsg(request, done))));
  },
  async "routeguide.get_feature"({ target }) {
    return withClient(routeGuideServices.RouteGuideClient, target, async (client) => {
      const features: Json[] = [];
      for (const p of [point(409146138, -746188906), point(0, 0)]) {
        const f = await callback<routeGuidePb.Feature>((done) => client.getFeature(p, done));
        features.push({ name: f.getName(), latitude: f.getLocation()?.getLatitude() ?? 0, longitude: f.getLocation()?.getLongitude() ?? 0 });
      }
      return { features };
    });
  },
  async "routeguide.list_features"({ target }) {
    return withClient(routeGuideServices.RouteGuideClient, target, async (client) => ({
      names: (await readAll(client.listFeatures(seedRectangle()))).map((f) => f.getName()),
    }));
  },
  async "routeguide.record_route"({ target }) {
    const db = JSON.parse(await readFile(routeGuideDbUrl, "utf8")) as { location: { latitude: number; longitude: number } }[];
    return withClient(routeGuideServices.RouteGuideClient, target, async (client) => {
      const summary = await callback<routeGuidePb.RouteSummary>((done) => {
        const call = client.recordRoute(done);
        for (const { latitude, longitude } of db.map((f) => f.location)) call.write(point(latitude, longitude));
        call.write(point(1, 1));
        call.end();
      });
      const elapsed = summary.getElapsedTime();
      return {
        point_count: summary.getPointCount(),
        feature_count: summary.getFeatureCount(),
        distance: summary.getDistance(),
        elapsed_time_ok: elapsed >= 0 && elapsed <= 60,
      };
    });
  },
  async "routeguide.route_chat"({ target }) {
    const notes = [
      ["First message", 0, 0],
      ["Second message", 0, 1],
      ["Third message", 1, 0],
      ["Fourth message", 0, 0],
      ["Fifth message", 1, 0],
    ] as const;
    return withClient(routeGuideServices.RouteGuideClient, target, async (client) => {
      const call = client.routeChat();
      const replies = readAll(call);
      for (const [message, latitude, longitude] of notes) {
        const note = new routeGuide.RouteNote();
        note.setMessage(message);
        note.setLocation(point(latitude, longitude));
        call.write(note);
      }
      call.end();
      return { received: (await replies).map((n) => `${n.getMessage()}@${n.getLocation()?.getLatitude() ?? 0},${n.getLocation()?.getLongitude() ?? 0}`) };
    });
  },
  async "contact.send_status"({ target }) {
    return withClient(contactServices.ContactClient, target, async (client) => {
      const call = client.sendStatus();
      const replies = readAll(call);
      for (let i = 1; i <= 15; i++) {
        const message = new contact.ClientMsg();
        message.setMsg(`数据:${i}`);
        call.write(message);
      }
      call.end();
      return { replies: (await replies).map((r) => r.getRet()) };
    });
  },
  async "contact.get_task"({ target }) {
    return withClient(contactServices.ContactClient, target, async (client) => {
      const { tasks } = await readTasks(client.getTask(new contact.Empty(), { deadline: Date.now() + 10_000 }), 10);
      const allMatch = tasks.every((t) => {
        const m = /^任务:(\d+)$/.exec(t);
        return m !== null && Number(m[1]) >= 100 && Number(m[1]) <= 200;
      });
      return { count: tasks.length, all_match: allMatch };
    });
  },
  async "contact.tell_result"({ target, tag }) {
    return withClient(contactServices.ContactClient, target, async (client) => {
      const acks = [1, 2].map((i) => {
        const r = new contact.Result();
        r.setRet(`客户端接收到任务:matrix-${tag}-${i}`);
        return r;
      });
      await callback<contactPb.Empty>((done) => {
        const call = client.tellResult(done);
        for (const ack of acks) call.write(ack);
        call.end();
      });
      return { acks_sent: acks.length };
    });
  },
  async "indicator.get_macd"({ target }) {
    const request = new indicator.MACDRequest();
    request.setStartDate("2023-01-01");
    request.setEndDate("2023-12-31");
    return withClient(indicatorServices.IndicatorClient, target, async (client) => {
      const reply = await callback<indicatorPb.MACDReply>((done) => client.getMACD(request, done));
      return {
        rows: reply.getMacdList().map((r) => [r.getDate(), r.getOpen(), r.getClose(), r.getHigh(), r.getLow(), r.getMacd(), r.getSignal(), r.getHistogram()]),
      };
    });
  },
  async "indicator.invalid_dates"({ target }) {
    return withClient(indicatorServices.IndicatorClient, target, async (client) => {
      const errors = [];
      for (const [startDate, endDate] of [
        ["2023-13-01", "2023-12-31"],
        ["2023-01-01", "31/12/2023"],
        ["2023-12-31", "2023-01-01"],
      ] as const) {
        const request = new indicator.MACDRequest();
        request.setStartDate(startDate);
        request.setEndDate(endDate);
        errors.push(await expectError(() => callback((done) => client.getMACD(request, done))));
      }
      return { errors };
    });
  },
  async "indicator_graph.get_macd_graph"({ target }) {
    return withClient(graphServices.IndicatorGraphClient, target, async (client) =>
      pngProperties(await readAll(client.getMACDGraph(graphRequest({ startDate: "2023-01-01", endDate: "2023-12-31", width: 800, height: 400 })))),
    );
  },
  async "indicator_graph.chunk_size"({ target }) {
    return withClient(graphServices.IndicatorGraphClient, target, async (client) =>
      pngProperties(await readAll(client.getMACDGraph(graphRequest({ startDate: "2023-01-01", endDate: "2023-12-31", chunkSize: 4096 }))), 4096),
    );
  },
  async "indicator_graph.invalid_size"({ target }) {
    return withClient(graphServices.IndicatorGraphClient, target, async (client) => {
      let chunks = 0;
      const error = await expectError(
        () =>
          new Promise((resolve, reject) => {
            const call = client.getMACDGraph(graphRequest({ width: 99 }));
            call.on("data", () => chunks++);
            call.on("end", resolve);
            call.on("error", reject);
          }),
      );
      return { ...error, chunks };
    });
  },
  async "errors.custom_metadata"({ target }) {
    const unary = await withClient(helloServices.GreeterClient, target, async (client) => {
      const request = new hello.HelloRequest();
      request.setName("metadata");
      let headers: grpc.Metadata | undefined;
      let trailers: grpc.Metadata | undefined;
      await new Promise<void>((resolve, reject) => {
        const call = client.sayHello(request, echoMetadata(), (err) => (err ? reject(err) : undefined));
        call.on("metadata", (m: grpc.Metadata) => (headers = m));
        call.on("status", (s: grpc.StatusObject) => {
          trailers = s.metadata;
          resolve();
        });
      });
      return echoOutcome(headers, trailers);
    });
    const serverStreaming = await withClient(routeGuideServices.RouteGuideClient, target, async (client) => {
      let headers: grpc.Metadata | undefined;
      let trailers: grpc.Metadata | undefined;
      await new Promise<void>((resolve, reject) => {
        const call = client.listFeatures(seedRectangle(), echoMetadata());
        call.on("metadata", (m: grpc.Metadata) => (headers = m));
        // Drain the stream: the trailers come with the status at its end.
        call.on("data", () => undefined);
        call.on("error", reject);
        call.on("status", (s: grpc.StatusObject) => {
          trailers = s.metadata;
          resolve();
        });
      });
      return echoOutcome(headers, trailers);
    });
    return { unary, server_streaming: serverStreaming };
  },
  async "errors.deadline_exceeded"({ target }) {
    return withClient(contactServices.ContactClient, target, async (client) => {
      const { code } = await readTasks(client.getTask(new contact.Empty(), { deadline: Date.now() + 300 }), Number.POSITIVE_INFINITY);
      return { code };
    });
  },
  async "errors.cancel_after_first_response"({ target }) {
    return withClient(contactServices.ContactClient, target, async (client) => {
      const { tasks, code } = await readTasks(client.getTask(new contact.Empty(), { deadline: Date.now() + 10_000 }), 1);
      return { code, received: tasks.length };
    });
  },
  async "errors.unimplemented_method"({ target }) {
    return rawCall(target, "/routeguide.RouteGuide/NoSuchMethod");
  },
  async "errors.unimplemented_service"({ target }) {
    return rawCall(target, "/polyrpc.NoSuchService/NoSuchMethod");
  },
};
