// A copy of the repository's proto tree plus one new file (the inventory.proto fixture of @polyrpc/stubs'
// new-proto test): `polyrpc gen` alone gives it classic modules that agree with protobuf-es, as the seeds do, with
// nothing to list by hand anywhere.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";
import { create, toBinary, type DescFile, type DescMessage } from "@bufbuild/protobuf";
import { repoRoot } from "@polyrpc/devkit";
import { assertSameService } from "./testdata/assert-same-service.mjs";

const packageDir = fileURLToPath(new URL("..", import.meta.url));
const require = createRequire(import.meta.url);
const polyrpcBin = join(dirname(require.resolve("@polyrpc/codegen/package.json")), "bin", "polyrpc.js");

describe("a new .proto in the tree", () => {
  let dir = "";
  before(() => {
    // Inside this package, so that the copy's modules resolve google-protobuf, @grpc/grpc-js and @bufbuild/protobuf
    // from its node_modules, and the classic target finds the repository's .venv protoc; .new-proto-test-*/ is
    // git-ignored.
    dir = mkdtempSync(join(packageDir, ".new-proto-test-"));
    cpSync(join(repoRoot, "proto"), join(dir, "proto"), { recursive: true });
    cpSync(join(repoRoot, "packages", "stubs", "src", "testdata", "inventory.proto"), join(dir, "proto", "inventory", "v1", "inventory.proto"));
    writeFileSync(join(dir, "polyrpc.json"), JSON.stringify({ proto: "proto", ts: { out: "ts" }, classic: { out: "gen" } }));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("gets classic modules for every file that describe the services as protobuf-es does, and the same bytes", async () => {
    const gen = spawnSync(process.execPath, [polyrpcBin, "gen"], { cwd: dir, encoding: "utf8", timeout: 120_000 });
    assert.equal(gen.status, 0, gen.stderr);

    const protoFiles = readdirSync(join(dir, "proto"), { recursive: true, encoding: "utf8" })
      .filter((f) => f.endsWith(".proto"))
      .map((f) =>
        f
          .split("\\")
          .join("/")
          .replace(/\.proto$/, ""),
      )
      .sort();
    // Per file: _pb.js, _pb.d.ts and _grpc_pb.js; a _grpc_pb.d.ts only for a file with services, as grpc-tools.
    const withServices = protoFiles.filter((f) => /^\s*service\s/m.test(readFileSync(join(dir, "proto", `${f}.proto`), "utf8"))).length;
    assert.equal(
      gen.stdout,
      `polyrpc: wrote ${protoFiles.length} ts files to ts\npolyrpc: wrote ${3 * protoFiles.length + withServices} classic files to gen\n`,
    );
    assert.ok(protoFiles.includes("inventory/v1/inventory"), protoFiles.join(", "));
    // biome-ignore lint/suspicious/noExplicitAny: grpc-tools' CommonJS output, untyped when loaded by a computed name.
    const load = (name: string, suffix: "_pb" | "_grpc_pb") => require(join(dir, "gen", `${name}${suffix}.js`)) as Record<string, any>;
    const classicClass = (message: DescMessage) => load(message.file.name, "_pb")[message.name];
    const services: string[] = [];
    for (const name of protoFiles) {
      const es = (await import(pathToFileURL(join(dir, "ts", `${name}_pb.ts`)).href)) as Record<string, unknown>;
      const file = Object.entries(es).find(([key]) => key.startsWith("file_"))![1] as DescFile;
      for (const service of file.services) {
        assertSameService(service, load(name, "_grpc_pb"), classicClass);
        services.push(service.typeName);
      }
    }
    assert.ok(services.includes("inventory.v1.InventoryService") && services.includes("routeguide.RouteGuide"), services.join(", "));

    // int64, an enum, a map, proto3 optional, a oneof and a well-known type, built with each runtime.
    // biome-ignore lint/suspicious/noExplicitAny: protobuf-es output written by the test, loaded by path.
    const es = (await import(pathToFileURL(join(dir, "ts", "inventory", "v1", "inventory_pb.ts")).href)) as Record<string, any>;
    const esBytes = toBinary(
      es["ItemSchema"],
      create(es["ItemSchema"], {
        id: 42n,
        kind: 2,
        stock: { paris: 5000000000n },
        note: "signed",
        price: { case: "cents", value: 1999n },
        added: { seconds: 1709208000n, nanos: 5 },
      }),
    );
    const classic = load("inventory/v1/inventory", "_pb");
    // biome-ignore lint/suspicious/noExplicitAny: google-protobuf's well-known types ship no types.
    const { Timestamp } = require("google-protobuf/google/protobuf/timestamp_pb.js") as Record<string, any>;
    const item = new classic["Item"]();
    item.setId(42);
    item.setKind(classic["Kind"].KIND_TOOL);
    item.getStockMap().set("paris", 5000000000);
    item.setNote("signed");
    item.setCents(1999);
    const added = new Timestamp();
    added.setSeconds(1709208000);
    added.setNanos(5);
    item.setAdded(added);
    assert.equal(Buffer.from(item.serializeBinary()).toString("hex"), Buffer.from(esBytes).toString("hex"));
    const decoded = classic["Item"].deserializeBinary(esBytes);
    assert.deepEqual(
      [
        decoded.getId(),
        decoded.getKind(),
        decoded.getStockMap().get("paris"),
        decoded.getNote(),
        decoded.getPriceCase(),
        decoded.getCents(),
        decoded.getAdded().getNanos(),
      ],
      [42, 2, 5000000000, "signed", classic["Item"].PriceCase.CENTS, 1999, 5],
    );
  });
});
