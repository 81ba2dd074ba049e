import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, it } from "node:test";
import { create, fromBinary, toBinary, toJson, type DescMessage, type MessageInitShape } from "@bufbuild/protobuf";
import { repoRoot } from "@polyrpc/devkit";
import { MACDGraphReplySchema, MACDReplySchema, RouteNoteSchema, RouteSummarySchema, FirstMsgRequestSchema, ResultSchema } from "./index.js";

const python = join(repoRoot, ".venv", "bin", "python");

/** Python module and class for each message type, as the generated Python package names them. */
const pythonClass: Record<string, [string, string]> = {
  "routeguide.RouteNote": ["polyrpc_stubs.routeguide.route_guide_pb2", "RouteNote"],
  "routeguide.RouteSummary": ["polyrpc_stubs.routeguide.route_guide_pb2", "RouteSummary"],
  "idc.MACDReply": ["polyrpc_stubs.idc.indicator_pb2", "MACDReply"],
  "idc.MACDGraphReply": ["polyrpc_stubs.idc.indicator_graph_pb2", "MACDGraphReply"],
  "firstmsg.FirstMsgRequest": ["polyrpc_stubs.firstmsg.first_msg_pb2", "FirstMsgRequest"],
  Result: ["polyrpc_stubs.contact.contact_pb2", "Result"],
};

/** Runs Python code that reads hex on stdin; returns its stdout. */
function py(code: string, stdin: string): string {
  const r = spawnSync(python, ["-c", code], { input: stdin, encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

const cases: { schema: DescMessage; init: MessageInitShape<DescMessage> }[] = [
  { schema: RouteNoteSchema, init: { location: { latitude: 409146138, longitude: -746188906 }, message: "First message — 第一条 ✓" } },
  { schema: RouteSummarySchema, init: { pointCount: 10, featureCount: 3, distance: 2147483647, elapsedTime: 0 } },
  {
    schema: MACDReplySchema,
    // float fields: values exact in float32, so both runtimes print the same JSON number.
    init: {
      macd: [{ date: "2023-01-03", open: 1.5, close: 2.25, high: 65504, low: -0.125, macd: 0.375, signal: -0.0625, histogram: 0 }, { date: "2023-01-04" }],
    },
  },
  {
    schema: MACDGraphReplySchema,
    init: { macdChunk: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 255]), offset: 18446744073709551615n, totalSize: 65536n, sha256: new Uint8Array(32).fill(7) },
  },
  { schema: FirstMsgRequestSchema, init: { body: '{"from": 1, "msg": "hello"}' } },
  { schema: ResultSchema, init: { ret: "服务端接收到消息:数据:7" } },
];

describe("TypeScript and Python stubs", () => {
  for (const { schema, init } of cases) {
    const [module, cls] = pythonClass[schema.typeName]!;
    const message = create(schema, init);
    // proto3 JSON with proto field names is the common ground: both runtimes print it the same way.
    const expected = toJson(schema, message, { useProtoFieldName: true });

    it(`agree on ${schema.typeName} bytes written in TypeScript`, () => {
      const hex = Buffer.from(toBinary(schema, message)).toString("hex");
      const out = py(
        `import sys, json; from google.protobuf import json_format; from ${module} import ${cls} as M
m = M.FromString(bytes.fromhex(sys.stdin.read()))
print(json.dumps(json_format.MessageToDict(m, preserving_proto_field_name=True)))`,
        hex,
      );
      assert.deepEqual(JSON.parse(out), expected);
    });

    it(`agree on ${schema.typeName} bytes written in Python`, () => {
      const hex = py(
        `import sys; from google.protobuf import json_format; from ${module} import ${cls} as M
print(json_format.Parse(sys.stdin.read(), M()).SerializeToString().hex())`,
        JSON.stringify(expected),
      );
      const parsed = fromBinary(schema, Buffer.from(hex, "hex"));
      assert.deepEqual(toJson(schema, parsed, { useProtoFieldName: true }), expected);
      assert.equal(Buffer.from(toBinary(schema, parsed)).toString("hex"), hex, "re-encoding in TypeScript gives Python's bytes");
    });
  }
});
