// Every seed method through the gateway, from connect-web's gRPC-web transport (the browser's client)
// running in Node, in front of the TypeScript server and of the Python server alike.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { fromBinary, toBinary, create } from "@bufbuild/protobuf";
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { createGrpcWebTransport } from "@connectrpc/connect-web";
import {
  ClientMsgSchema,
  Contact,
  EmptySchema,
  FirstMsg,
  Greeter,
  Indicator,
  IndicatorGraph,
  PointSchema,
  ResultSchema,
  RouteGuide,
  RouteNoteSchema,
  RouteSummarySchema,
} from "@polyrpc/stubs";
import { createWebGateway, type WebGateway } from "./create-web-gateway.js";
import { pythonMissing, startPyBackend, startTsBackend, type Backend } from "./testdata/backends.js";
import { grpcWebFetch } from "./testdata/grpc-web-fetch.js";

for (const impl of ["ts", "py"] as const) {
  const skip = impl === "py" ? pythonMissing() : undefined;
  describe(`the gateway in front of the ${impl === "ts" ? "TypeScript" : "Python"} server`, { skip }, () => {
    let backend: Backend;
    let gateway: WebGateway;
    let baseUrl: string;
    before(async () => {
      backend = impl === "ts" ? await startTsBackend() : await startPyBackend();
      gateway = createWebGateway({ backend: backend.target });
      baseUrl = (await gateway.listen(0)).url;
    });
    after(async () => {
      await gateway?.close();
      await backend?.stop();
    });
    const transport = () => createGrpcWebTransport({ baseUrl });

    it("answers Greeter.SayHello and FirstMsg.firstMsg (unary)", async () => {
      assert.equal((await createClient(Greeter, transport()).sayHello({ name: "World" })).message, "Hello, World");
      const firstMsg = createClient(FirstMsg, transport());
      assert.equal((await firstMsg.firstMsg({ body: "" })).content, '{"code": 500, "data": "failure"}');
      await assert.rejects(firstMsg.firstMsg({ body: "{oops" }), (e: unknown) => {
        assert.ok(e instanceof ConnectError);
        assert.equal(e.code, Code.InvalidArgument);
        assert.equal(e.rawMessage, 'invalid body: not valid JSON: "{oops"');
        return true;
      });
    });

    it("answers RouteGuide.GetFeature and streams ListFeatures", async () => {
      const routeGuide = createClient(RouteGuide, transport());
      const feature = await routeGuide.getFeature({ latitude: 409146138, longitude: -746188906 });
      assert.equal(feature.name, "Berkshire Valley Management Area Trail, Jefferson, NJ, USA");
      const names: string[] = [];
      const rect = { lo: { latitude: 400000000, longitude: -750000000 }, hi: { latitude: 420000000, longitude: -730000000 } };
      for await (const f of routeGuide.listFeatures(rect)) names.push(f.name);
      assert.equal(names.length, 100);
      assert.equal(names[0], "Patriots Path, Mendham, NJ 07945, USA");
    });

    it("forwards a client-streaming body of several messages (RecordRoute) and a half-duplex bidi one (RouteChat)", async () => {
      const points = [
        { latitude: 409146138, longitude: -746188906 },
        { latitude: 410248224, longitude: -747127767 },
        { latitude: 0, longitude: 0 },
      ].map((p) => toBinary(PointSchema, create(PointSchema, p)));
      const answer = await grpcWebFetch(baseUrl, "/routeguide.RouteGuide/RecordRoute", points);
      assert.equal(answer.trailers["grpc-status"], "0");
      assert.equal(answer.messages.length, 1);
      const summary = fromBinary(RouteSummarySchema, answer.messages[0]!);
      assert.deepEqual([summary.pointCount, summary.featureCount], [3, 2]);
      assert.ok(summary.distance > 14000, `distance ${summary.distance}`);
      const at = { latitude: 1, longitude: 2 };
      const notes = ["first", "second", "third"].map((message) => toBinary(RouteNoteSchema, create(RouteNoteSchema, { location: at, message })));
      const chat = await grpcWebFetch(baseUrl, "/routeguide.RouteGuide/RouteChat", notes);
      assert.equal(chat.trailers["grpc-status"], "0");
      // Each note gets back the notes sent earlier at the same location: 0 + 1 + 2.
      assert.deepEqual(
        chat.messages.map((m) => fromBinary(RouteNoteSchema, m).message),
        ["first", "first", "second"],
      );
    });

    it("streams Contact.getTask until cancelled, and forwards tellResult and sendStatus bodies", async () => {
      const contact = createClient(Contact, transport());
      const controller = new AbortController();
      const tasks: string[] = [];
      await assert.rejects(
        (async () => {
          for await (const t of contact.getTask({}, { signal: controller.signal })) {
            tasks.push(t.task);
            if (tasks.length === 3) controller.abort();
          }
        })(),
        (e: unknown) => ConnectError.from(e).code === Code.Canceled,
      );
      assert.equal(tasks.length, 3);
      for (const t of tasks) assert.match(t, /^任务:\d+$/);
      const results = ["ok:1", "ok:2"].map((ret) => toBinary(ResultSchema, create(ResultSchema, { ret })));
      const told = await grpcWebFetch(baseUrl, "/Contact/tellResult", results);
      assert.equal(told.trailers["grpc-status"], "0");
      assert.deepEqual(told.messages.map((m) => fromBinary(EmptySchema, m)).length, 1);
      const msgs = ["a", "b"].map((msg) => toBinary(ClientMsgSchema, create(ClientMsgSchema, { msg })));
      const status = await grpcWebFetch(baseUrl, "/Contact/sendStatus", msgs);
      assert.deepEqual(
        status.messages.map((m) => fromBinary(ResultSchema, m).ret),
        ["服务端接收到消息:a", "服务端接收到消息:b"],
      );
    });

    it("answers Indicator.GetMACD with rows, and INVALID_ARGUMENT with the server's message for a bad date", async () => {
      const indicator = createClient(Indicator, transport());
      const macd = await indicator.getMACD({ startDate: "2023-01-02", endDate: "2023-01-06" });
      assert.deepEqual(
        macd.macd.map((d) => d.date),
        ["2023-01-02", "2023-01-03", "2023-01-04", "2023-01-05", "2023-01-06"],
      );
      assert.ok(macd.macd.every((d) => d.close > 0 && Number.isFinite(d.macd)));
      await assert.rejects(indicator.getMACD({ startDate: "2023-02-30", endDate: "2023-03-01" }), (e: unknown) => {
        assert.ok(e instanceof ConnectError);
        assert.equal(e.code, Code.InvalidArgument);
        assert.equal(e.rawMessage, 'invalid start_date: "2023-02-30" is not a date in YYYY-MM-DD form');
        return true;
      });
    });

    it("answers UNIMPLEMENTED for a method the server does not have", async () => {
      const answer = await grpcWebFetch(baseUrl, "/routeguide.RouteGuide/Teleport", [new Uint8Array()]);
      assert.equal(answer.httpStatus, 200);
      assert.equal(answer.trailers["grpc-status"], "12");
    });

    it("streams IndicatorGraph.GetMACDGraph in chunks of the requested size whose sha256 matches", async () => {
      const graph = createClient(IndicatorGraph, transport());
      const chunks: Uint8Array[] = [];
      let total = 0n;
      let sha256: Uint8Array = new Uint8Array();
      for await (const reply of graph.getMACDGraph({ startDate: "2023-01-01", endDate: "2023-03-31", chunkSize: 4096, width: 400, height: 300 })) {
        assert.equal(
          Number(reply.offset),
          chunks.reduce((n, c) => n + c.length, 0),
        );
        chunks.push(reply.macdChunk);
        total = reply.totalSize;
        if (reply.sha256.length > 0) sha256 = reply.sha256;
      }
      const png = Buffer.concat(chunks);
      assert.equal(BigInt(png.length), total);
      assert.ok(
        chunks.slice(0, -1).every((c) => c.length === 4096),
        "every chunk but the last has chunk_size bytes",
      );
      assert.equal(Buffer.from(sha256).toString("hex"), createHash("sha256").update(png).digest("hex"));
      assert.equal(png.subarray(1, 4).toString(), "PNG");
      assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [400, 300]);
    });
  });
}
