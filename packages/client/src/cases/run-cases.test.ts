import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startCasesShopServer, type CasesShopServer } from "../testdata/cases-shop-server.js";
import { shopProtoRoot } from "../testdata/shop-server.js";
import { parseCaseFile } from "./case-file.js";
import { runCases } from "./run-cases.js";

describe("runCases", () => {
  let a: CasesShopServer;
  let b: CasesShopServer;
  before(async () => {
    a = await startCasesShopServer();
    b = await startCasesShopServer("name");
  });
  after(async () => {
    await a?.close();
    await b?.close();
  });
  const cases = parseCaseFile(
    `cases:\n  - name: get\n    method: shop.v1.Shop/GetItem\n    request: {id: 7}\n  - name: haggle\n    method: shop.v1.Shop/Haggle\n    requests: [{cents: 1}]\n`,
    "inline.yaml",
  );

  it("returns one cell per case × server × client, in that order, with outcomes as proto3 JSON", async () => {
    const result = await runCases({
      cases,
      servers: [
        { name: "a", target: a.target },
        { name: "b", target: b.target },
      ],
      clients: ["ts"],
    });
    assert.equal(result.file, "inline.yaml");
    assert.equal(result.reference, "a");
    assert.deepEqual(result.clients, ["ts"]);
    assert.equal(result.ok, false);
    assert.deepEqual(
      result.cells.map((c) => [c.case, c.server, c.client, c.passed]),
      [
        ["get", "a", "ts", true],
        ["get", "b", "ts", false],
        ["haggle", "a", "ts", true],
        ["haggle", "b", "ts", true],
      ],
    );
    assert.deepEqual(result.cells[1]!.problems, [{ kind: "reference", path: "responses[0].name", expected: '"item 7"', actual: '"item seven"' }]);
    assert.deepEqual(result.cells[2]!.outcome, { status: "OK", message: "", responses: [{ cents: "2" }], details: [] });
    assert.equal(result.cells[2]!.method, "shop.v1.Shop/Haggle");
  });

  it("passes channelOptions to the TypeScript client's channels", async () => {
    const result = await runCases({
      cases,
      servers: [{ name: "a", target: a.target }],
      clients: ["ts"],
      // The schema from the file: reflection's own answers are larger than 8 bytes too.
      proto: ["shop/v1/shop.proto"],
      importPaths: [shopProtoRoot],
      channelOptions: { "grpc.max_receive_message_length": 8 },
    });
    const get = result.cells.find((c) => c.case === "get")!;
    assert.equal(get.outcome.status, "RESOURCE_EXHAUSTED");
    assert.equal(get.passed, true, "no expect and no other server: a status is an outcome, not a failure");
  });

  it("rejects options that name no file or two", async () => {
    await assert.rejects(runCases({ servers: [{ name: "a", target: a.target }] }), { message: "interop: give exactly one of a case file and loaded cases" });
  });
});
