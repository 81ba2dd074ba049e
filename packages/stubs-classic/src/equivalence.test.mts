// Proof that the classic stubs and @polyrpc/stubs (protobuf-es) describe the same services and write the same
// bytes: every .proto of the repository's tree has its classic modules, every service's methods have equal paths,
// stream flags and message types, and every request the interop matrix sends (interop/CASES.md) serializes to
// identical bytes with google-protobuf and with protobuf-es. The files and services come from the proto tree, so
// a new .proto is covered by the next `polyrpc gen` without an edit here.
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, it } from "node:test";
import { pathToFileURL } from "node:url";
import { create, toBinary, type DescFile, type DescMessage, type MessageInitShape } from "@bufbuild/protobuf";
import * as stubs from "@polyrpc/stubs";
import { assertSameService } from "./testdata/assert-same-service.mjs";
import type * as contactPb from "./gen/contact/contact_pb.js";
import type * as firstMsgPb from "./gen/firstmsg/first_msg_pb.js";
import type * as helloPb from "./gen/helloworld/hello_pb.js";
import type * as graphPb from "./gen/idc/indicator_graph_pb.js";
import type * as indicatorPb from "./gen/idc/indicator_pb.js";
import type * as routeGuidePb from "./gen/routeguide/route_guide_pb.js";

const require = createRequire(import.meta.url);
/** A generated module of this package, by proto file name and suffix (`_pb` or `_grpc_pb`). */
// biome-ignore lint/suspicious/noExplicitAny: grpc-tools' CommonJS output, untyped when loaded by a computed name.
const load = (protoFile: string, suffix: "_pb" | "_grpc_pb") => require(`./gen/${protoFile.replace(/\.proto$/, "")}${suffix}.js`) as Record<string, any>;

const hello = load("helloworld/hello.proto", "_pb") as typeof helloPb;
const firstMsg = load("firstmsg/first_msg.proto", "_pb") as typeof firstMsgPb;
const routeGuide = load("routeguide/route_guide.proto", "_pb") as typeof routeGuidePb;
const contact = load("contact/contact.proto", "_pb") as typeof contactPb;
const indicator = load("idc/indicator.proto", "_pb") as typeof indicatorPb;
const graph = load("idc/indicator_graph.proto", "_pb") as typeof graphPb;

const files = Object.entries(stubs)
  .filter(([name]) => name.startsWith("file_"))
  .map(([, file]) => file as DescFile);

const protoDir = new URL("../../../proto/", import.meta.url);
/** Every .proto of the repository's tree, relative to it, without `.proto`: `routeguide/route_guide`. */
const protoFiles = readdirSync(protoDir, { recursive: true, encoding: "utf8" })
  .filter((f) => f.endsWith(".proto"))
  .map((f) =>
    f
      .split("\\")
      .join("/")
      .replace(/\.proto$/, ""),
  )
  .sort();

/**
 * The fully qualified services a .proto declares, read from its source (comments removed) rather than from
 * either generator, so that both are checked against the tree itself.
 */
function declaredServices(file: string): string[] {
  const source = readFileSync(new URL(`${file}.proto`, protoDir), "utf8")
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/\/\/.*$/gm, "");
  const pkg = /^\s*package\s+([\w.]+)\s*;/m.exec(source)?.[1];
  return [...source.matchAll(/^\s*service\s+(\w+)/gm)].map((m) => (pkg === undefined ? m[1]! : `${pkg}.${m[1]!}`));
}

/** The google-protobuf class of a protobuf-es message descriptor (top-level messages: the seed protos nest none). */
function classicClass(message: DescMessage): unknown {
  return load(message.file.name, "_pb")[message.name];
}

describe("the classic service definitions", () => {
  it("exist for every .proto of the tree, as for @polyrpc/stubs", () => {
    // Not vacuous: the seed protos are among them.
    assert.ok(protoFiles.includes("routeguide/route_guide") && protoFiles.includes("helloworld/hello"), protoFiles.join(", "));
    assert.deepEqual(files.map((f) => f.name).sort(), protoFiles);
    for (const file of protoFiles) {
      // grpc_node_plugin writes a _grpc_pb.js for every file, a one-line comment for a file without services.
      for (const module of [`gen/${file}_pb.js`, `gen/${file}_grpc_pb.js`]) assert.ok(existsSync(new URL(module, import.meta.url)), module);
    }
  });

  it("cover every service the tree declares, as @polyrpc/stubs does", () => {
    const declared = protoFiles.flatMap(declaredServices).sort();
    assert.ok(declared.includes("routeguide.RouteGuide") && declared.includes("Greeter"), declared.join(", "));
    assert.deepEqual(files.flatMap((f) => f.services.map((s) => s.typeName)).sort(), declared);
  });

  for (const file of files) {
    for (const service of file.services) {
      it(`describe ${service.typeName} as protobuf-es does: paths, stream flags, message types`, () => {
        assertSameService(service, load(file.name, "_grpc_pb"), classicClass);
      });
    }
  }
});

// Every request of the interop matrix, built once per runtime.
const db = JSON.parse(readFileSync(new URL("data/route_guide_db.json", pathToFileURL(require.resolve("@polyrpc/server/package.json"))), "utf8")) as {
  location: { latitude: number; longitude: number };
}[];
const point = (latitude: number, longitude: number) => {
  const p = new routeGuide.Point();
  p.setLatitude(latitude);
  p.setLongitude(longitude);
  return p;
};
const note = (message: string, latitude: number, longitude: number) => {
  const n = new routeGuide.RouteNote();
  n.setMessage(message);
  n.setLocation(point(latitude, longitude));
  return n;
};
const graphRequest = (startDate: string, endDate: string, width: number, height: number, chunkSize: number) => {
  const r = new graph.MACDGraphRequest();
  r.setStartDate(startDate);
  r.setEndDate(endDate);
  r.setWidth(width);
  r.setHeight(height);
  r.setChunkSize(chunkSize);
  return r;
};
interface Request {
  label: string;
  schema: DescMessage;
  init: MessageInitShape<DescMessage>;
  classic: { serializeBinary(): Uint8Array };
}
const requests: Request[] = [
  ...["World", "世界", "metadata"].map((name) => {
    const r = new hello.HelloRequest();
    r.setName(name);
    return { label: `HelloRequest ${name}`, schema: stubs.HelloRequestSchema, init: { name }, classic: r };
  }),
  ...['{"from": 1, "to": 2, "op_time": "2024-01-01 10:00:00", "msg": "hello"}', "", "{not json — ünïcode ✓"].map((body) => {
    const r = new firstMsg.FirstMsgRequest();
    r.setBody(body);
    return { label: `FirstMsgRequest ${JSON.stringify(body)}`, schema: stubs.FirstMsgRequestSchema, init: { body }, classic: r };
  }),
  ...[...db.map((f) => f.location), { latitude: 0, longitude: 0 }, { latitude: 1, longitude: 1 }].map(({ latitude, longitude }) => ({
    label: `Point ${latitude},${longitude}`,
    schema: stubs.PointSchema,
    init: { latitude, longitude },
    classic: point(latitude, longitude),
  })),
  (() => {
    const r = new routeGuide.Rectangle();
    r.setLo(point(400000000, -750000000));
    r.setHi(point(420000000, -730000000));
    return {
      label: "Rectangle",
      schema: stubs.RectangleSchema,
      init: { lo: { latitude: 400000000, longitude: -750000000 }, hi: { latitude: 420000000, longitude: -730000000 } },
      classic: r,
    };
  })(),
  ...(
    [
      ["First message", 0, 0],
      ["Second message", 0, 1],
      ["Third message", 1, 0],
      ["Fourth message", 0, 0],
      ["Fifth message", 1, 0],
    ] as const
  ).map(([message, latitude, longitude]) => ({
    label: `RouteNote ${message}`,
    schema: stubs.RouteNoteSchema,
    init: { message, location: { latitude, longitude } },
    classic: note(message, latitude, longitude),
  })),
  ...Array.from({ length: 15 }, (_, i) => {
    const r = new contact.ClientMsg();
    r.setMsg(`数据:${i + 1}`);
    return { label: `ClientMsg ${i + 1}`, schema: stubs.ClientMsgSchema, init: { msg: `数据:${i + 1}` }, classic: r };
  }),
  { label: "Empty", schema: stubs.EmptySchema, init: {}, classic: new contact.Empty() },
  ...[1, 2].map((i) => {
    const r = new contact.Result();
    r.setRet(`客户端接收到任务:matrix-ts-classic-${i}`);
    return { label: `Result ${i}`, schema: stubs.ResultSchema, init: { ret: `客户端接收到任务:matrix-ts-classic-${i}` }, classic: r };
  }),
  ...(
    [
      ["2023-01-01", "2023-12-31"],
      ["2023-13-01", "2023-12-31"],
      ["2023-01-01", "31/12/2023"],
      ["2023-12-31", "2023-01-01"],
    ] as const
  ).map(([startDate, endDate]) => {
    const r = new indicator.MACDRequest();
    r.setStartDate(startDate);
    r.setEndDate(endDate);
    return { label: `MACDRequest ${startDate} ${endDate}`, schema: stubs.MACDRequestSchema, init: { startDate, endDate }, classic: r };
  }),
  {
    label: "MACDGraphRequest 800x400",
    schema: stubs.MACDGraphRequestSchema,
    init: { startDate: "2023-01-01", endDate: "2023-12-31", width: 800, height: 400 },
    classic: graphRequest("2023-01-01", "2023-12-31", 800, 400, 0),
  },
  {
    label: "MACDGraphRequest chunk 4096",
    schema: stubs.MACDGraphRequestSchema,
    init: { startDate: "2023-01-01", endDate: "2023-12-31", chunkSize: 4096 },
    classic: graphRequest("2023-01-01", "2023-12-31", 0, 0, 4096),
  },
  { label: "MACDGraphRequest width 99", schema: stubs.MACDGraphRequestSchema, init: { width: 99 }, classic: graphRequest("", "", 99, 0, 0) },
];

describe("the interop matrix's requests", () => {
  it("are all here: one per distinct request of interop/CASES.md", () => {
    assert.equal(requests.length, 3 + 3 + db.length + 2 + 1 + 5 + 15 + 1 + 2 + 4 + 3);
    assert.equal(db.length, 100);
  });

  it("serialize to identical bytes with google-protobuf and with protobuf-es", () => {
    for (const r of requests) {
      const es = toBinary(r.schema, create(r.schema, r.init));
      const classic = r.classic.serializeBinary();
      assert.equal(Buffer.from(classic).toString("hex"), Buffer.from(es).toString("hex"), r.label);
    }
    // Not vacuous: the bytes differ between different requests.
    assert.notEqual(Buffer.from(requests[0]!.classic.serializeBinary()).toString("hex"), Buffer.from(requests[1]!.classic.serializeBinary()).toString("hex"));
  });

  it("go through the classic definitions' serializers, which reject a message of another type", () => {
    const grpc = load("routeguide/route_guide.proto", "_grpc_pb");
    const getFeature = grpc["RouteGuideService"].getFeature;
    assert.deepEqual(
      [...getFeature.requestSerialize(point(409146138, -746188906))],
      [...toBinary(stubs.PointSchema, create(stubs.PointSchema, { latitude: 409146138, longitude: -746188906 }))],
    );
    assert.throws(() => getFeature.requestSerialize(new routeGuide.Rectangle()), { message: "Expected argument of type routeguide.Point" });
    const decoded = getFeature.responseDeserialize(
      Buffer.from(toBinary(stubs.FeatureSchema, create(stubs.FeatureSchema, { name: "x", location: { latitude: 5, longitude: -6 } }))),
    );
    assert.deepEqual(decoded.toObject(), { name: "x", location: { latitude: 5, longitude: -6 } });
  });
});
