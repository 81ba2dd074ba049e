import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { run } from "../testdata/run-command.js";
import { python, shopProtoRoot, startShopServer, type ShopServer } from "../testdata/shop-server.js";
import { describeHelp } from "./describe-command.js";
import { listHelp } from "./list-command.js";
import { callHelp } from "../call/call-command.js";

// A plain grpcio server (src/testdata/shop_server.py) of a proto that is not in polyrpc's tree: what a
// user's own service looks like to `polyrpc list`, `describe` and `call`.
describe("polyrpc list, describe and call against a Python grpcio server", () => {
  let reflecting: ShopServer;
  let plain: ShopServer;
  const fromFiles = () => ["--proto", "shop/v1/shop.proto", "--import-path", shopProtoRoot];

  before(async () => {
    [reflecting, plain] = await Promise.all([startShopServer({ reflection: true }), startShopServer({ reflection: false })]);
  });
  after(async () => {
    await Promise.all([reflecting?.close(), plain?.close()]);
  });

  describe("with reflection (grpcio-reflection's v1alpha)", () => {
    it("lists the services, and a service's methods", async () => {
      assert.deepEqual(await run("list", [reflecting.target]), { code: 0, stdout: "grpc.reflection.v1alpha.ServerReflection\nshop.v1.Shop\n", stderr: "" });
      assert.deepEqual(await run("list", [reflecting.target, "shop.v1.Shop"]), {
        code: 0,
        stdout: "shop.v1.Shop.GetItem\nshop.v1.Shop.ListItems\nshop.v1.Shop.AddItems\nshop.v1.Shop.Haggle\n",
        stderr: "",
      });
    });

    it("describes a service, a method, a message and an enum as .proto source", async () => {
      assert.equal(
        (await run("describe", [reflecting.target, "shop.v1.Shop"])).stdout,
        "shop.v1.Shop is a service:\nservice Shop {\n" +
          "  rpc GetItem ( .shop.v1.GetItemRequest ) returns ( .shop.v1.Item );\n" +
          "  rpc ListItems ( .shop.v1.ListItemsRequest ) returns ( stream .shop.v1.Item );\n" +
          "  rpc AddItems ( stream .shop.v1.Item ) returns ( .shop.v1.AddItemsResponse );\n" +
          "  rpc Haggle ( stream .shop.v1.Offer ) returns ( stream .shop.v1.Offer );\n}\n",
      );
      assert.equal(
        (await run("describe", [reflecting.target, "shop.v1.Shop.Haggle"])).stdout,
        "shop.v1.Shop.Haggle is a method:\nrpc Haggle ( stream .shop.v1.Offer ) returns ( stream .shop.v1.Offer );\n",
      );
      assert.equal(
        (await run("describe", [reflecting.target, "shop.v1.Item"])).stdout,
        "shop.v1.Item is a message:\nmessage Item {\n  int64 id = 1;\n  string name = 2;\n  .shop.v1.Kind kind = 3;\n  map<string, int64> stock = 4;\n" +
          "  optional string note = 5;\n  oneof price {\n    int64 cents = 6;\n    string free_text = 7;\n  }\n" +
          "  .google.protobuf.Timestamp added = 8;\n  repeated string tags = 9;\n}\n",
      );
      assert.equal(
        (await run("describe", [reflecting.target, "shop.v1.Kind"])).stdout,
        "shop.v1.Kind is an enum:\nenum Kind {\n  KIND_UNSPECIFIED = 0;\n  KIND_BOOK = 1;\n  KIND_TOOL = 2;\n}\n",
      );
    });

    it("calls a unary method: int64 as a string both ways, enum by name, map, optional, oneof, Timestamp", async () => {
      const r = await run("call", [reflecting.target, "shop.v1.Shop/GetItem", '{"id": "9007199254740993"}']);
      assert.equal(r.code, 0, r.stderr);
      // Map entries keep the server's wire order, which Python does not fix; compare them as an object.
      assert.deepEqual(JSON.parse(r.stdout), {
        id: "9007199254740993",
        name: "Dune",
        kind: "KIND_BOOK",
        stock: { paris: "3", lyon: "5000000000" },
        note: "signed",
        cents: "1999",
        added: "2024-02-29T12:00:00Z",
        tags: ["sf"],
      });
      assert.ok(r.stdout.startsWith('{\n  "id": "9007199254740993",\n  "name": "Dune",\n  "kind": "KIND_BOOK",\n  "stock": {\n'), r.stdout);
    });

    it("calls a server stream, taking an enum by name or number, and prints defaults with --emit-defaults", async () => {
      const byName = await run("call", [reflecting.target, "shop.v1.Shop/ListItems", '{"kind": "KIND_TOOL"}', "--emit-defaults"]);
      const byNumber = await run("call", [reflecting.target, "shop.v1.Shop/ListItems", '{"kind": 2}', "--emit-defaults"]);
      assert.equal(byName.code, 0, byName.stderr);
      assert.equal(byName.stdout, byNumber.stdout);
      assert.deepEqual(JSON.parse(byName.stdout), { id: "2", name: "Hammer", kind: "KIND_TOOL", stock: {}, freeText: "ask", tags: [] });
      const all = await run("call", [reflecting.target, "shop.v1.Shop/ListItems", "{}"]);
      assert.equal(all.stdout.split("\n}\n").length - 1, 2);
    });

    it("sends a client stream from stdin and a bidi stream from the argument", async () => {
      const stdin = '{"cents": "5"}\n{"cents": 7, "kind": 2, "stock": {"a": "1"}, "added": "2024-01-01T00:00:00Z", "note": ""}\n';
      assert.deepEqual(await run("call", [reflecting.target, "shop.v1.Shop/AddItems"], { stdin }), {
        code: 0,
        stdout: '{\n  "count": 2,\n  "totalCents": "12"\n}\n',
        stderr: "",
      });
      assert.deepEqual(await run("call", [reflecting.target, "shop.v1.Shop/Haggle", '{"cents": "5"} {"cents": "9007199254740993"}']), {
        code: 0,
        stdout: '{\n  "cents": "10"\n}\n{\n  "cents": "18014398509481986"\n}\n',
        stderr: "",
      });
    });

    it("prints the method, headers, trailers, status and time with -v, on stderr", async () => {
      const r = await run("call", [reflecting.target, "shop.v1.Shop/GetItem", '{"id": 2}', "-v"]);
      assert.equal(r.code, 0);
      assert.equal(JSON.parse(r.stdout).name, "Hammer");
      assert.match(
        r.stderr,
        new RegExp(
          `^polyrpc: shop\\.v1\\.Shop/GetItem \\(unary\\) from reflection of ${reflecting.target.replace(/\./g, "\\.")}\n` +
            "polyrpc: response headers:\n  content-type: application/grpc\n  x-shop: open\n" +
            "polyrpc: response trailers:\n  x-served-by: python\n" +
            "polyrpc: status OK after \\d+\\.\\d ms, 1 request\\(s\\), 1 response\\(s\\)\n$",
        ),
      );
      const failed = await run("call", [reflecting.target, "shop.v1.Shop/GetItem", '{"id": 5}', "--verbose"]);
      assert.match(failed.stderr, /polyrpc: status NOT_FOUND after \d+\.\d ms, 0 response\(s\)\npolyrpc: NOT_FOUND: no item with id 5\n$/);
    });

    it("names an unknown service or method with its near matches, and an unknown symbol", async () => {
      assert.deepEqual(await run("call", [reflecting.target, "shop.v1.Shp/GetItem", "{}"]), {
        code: 1,
        stdout: "",
        stderr: `polyrpc: unknown service "shop.v1.Shp" in reflection of ${reflecting.target}; did you mean shop.v1.Shop?\n`,
      });
      assert.deepEqual(await run("call", [reflecting.target, "shop.v1.Shop/GetItm", "{}"]), {
        code: 1,
        stdout: "",
        stderr: 'polyrpc: unknown method "GetItm" of service shop.v1.Shop; did you mean GetItem?\n',
      });
      assert.deepEqual(await run("call", [reflecting.target, "shop.v1.Shop/Buy", "{}"]), {
        code: 1,
        stdout: "",
        stderr: 'polyrpc: unknown method "Buy" of service shop.v1.Shop; its methods are: GetItem, ListItems, AddItems, Haggle\n',
      });
      assert.deepEqual(await run("list", [reflecting.target, "Shop"]), {
        code: 1,
        stdout: "",
        stderr: `polyrpc: unknown service "Shop" in reflection of ${reflecting.target}; did you mean shop.v1.Shop?\n`,
      });
      const symbol = await run("describe", [reflecting.target, "shop.v1.Itme"]);
      assert.equal(symbol.code, 1);
      assert.match(symbol.stderr, /^polyrpc: unknown symbol "shop\.v1\.Itme" in reflection of 127\.0\.0\.1:\d+; did you mean shop\.v1\.Item\b.*\?\n$/);
    });

    it("suggests the right name when the package is wrong, in call, list and describe", async () => {
      const origin = `reflection of ${reflecting.target}`;
      assert.deepEqual(await run("call", [reflecting.target, "store.v1.Shop/GetItem", "{}"]), {
        code: 1,
        stdout: "",
        stderr: `polyrpc: unknown service "store.v1.Shop" in ${origin}; did you mean shop.v1.Shop?\n`,
      });
      assert.deepEqual(await run("list", [reflecting.target, "v1.Shop"]), {
        code: 1,
        stdout: "",
        stderr: `polyrpc: unknown service "v1.Shop" in ${origin}; did you mean shop.v1.Shop?\n`,
      });
      assert.deepEqual(await run("describe", [reflecting.target, "store.v1.Offer"]), {
        code: 1,
        stdout: "",
        stderr: `polyrpc: unknown symbol "store.v1.Offer" in ${origin}; did you mean shop.v1.Offer?\n`,
      });
      assert.deepEqual(await run("describe", [reflecting.target, "store.v1.Shop.Haggle"]), {
        code: 1,
        stdout: "",
        stderr: `polyrpc: unknown symbol "store.v1.Shop.Haggle" in ${origin}; did you mean shop.v1.Shop.Haggle?\n`,
      });
    });

    it("lists the services for a symbol that is near nothing", async () => {
      assert.deepEqual(await run("describe", [reflecting.target, "billing.Invoice"]), {
        code: 1,
        stdout: "",
        stderr: `polyrpc: unknown symbol "billing.Invoice" in reflection of ${reflecting.target}; its services are: grpc.reflection.v1alpha.ServerReflection, shop.v1.Shop\n`,
      });
    });

    it("names a field that does not exist and a value of the wrong JSON type, and sends nothing", async () => {
      assert.deepEqual(await run("call", [reflecting.target, "shop.v1.Shop/GetItem", '{"idd": 1}']), {
        code: 1,
        stdout: "",
        stderr: 'polyrpc: request 1 does not match shop.v1.GetItemRequest: cannot decode message shop.v1.GetItemRequest from JSON: key "idd" is unknown\n',
      });
      assert.deepEqual(await run("call", [reflecting.target, "shop.v1.Shop/Haggle", '{"cents": 1} {"cents": true}']), {
        code: 1,
        stdout: "",
        stderr: "polyrpc: request 2 does not match shop.v1.Offer: cannot decode field shop.v1.Offer.cents from JSON: expected bigint (int64), got true\n",
      });
      const badEnum = await run("call", [reflecting.target, "shop.v1.Shop/ListItems", '{"kind": "KIND_FOOD"}']);
      assert.equal(badEnum.code, 1);
      assert.match(
        badEnum.stderr,
        /^polyrpc: request 1 does not match shop\.v1\.ListItemsRequest: cannot decode enum shop\.v1\.Kind from JSON: "KIND_FOOD"\n$/,
      );
    });

    it("prints a failed call's status as polyrpc: <CODE>: <message>", async () => {
      assert.deepEqual(await run("call", [reflecting.target, "shop.v1.Shop/GetItem", '{"id": "3"}']), {
        code: 1,
        stdout: "",
        stderr: "polyrpc: NOT_FOUND: no item with id 3\n",
      });
    });
  });

  describe("without reflection", () => {
    it("says to use --proto or --protoset for list, describe and a call outside polyrpc's stubs", async () => {
      const advice = `the server at ${plain.target} does not support reflection (grpc.reflection.v1 or v1alpha); give the schema with --proto <file> or --protoset <file>`;
      assert.deepEqual(await run("list", [plain.target]), { code: 1, stdout: "", stderr: `polyrpc: ${advice}\n` });
      assert.deepEqual(await run("describe", [plain.target, "shop.v1.Item"]), { code: 1, stdout: "", stderr: `polyrpc: ${advice}\n` });
      assert.deepEqual(await run("call", [plain.target, "shop.v1.Shop/GetItem", "{}"]), {
        code: 1,
        stdout: "",
        stderr: `polyrpc: ${advice} (polyrpc's own stubs, the fallback, have no method "shop.v1.Shop/GetItem")\n`,
      });
    });

    it("calls every kind of method with --proto and --import-path (the Timestamp import resolves by itself)", async () => {
      const unary = await run("call", [plain.target, "shop.v1.Shop/GetItem", '{"id": "9007199254740993"}', ...fromFiles()]);
      assert.equal(unary.code, 0, unary.stderr);
      assert.equal(JSON.parse(unary.stdout).added, "2024-02-29T12:00:00Z");
      assert.equal(JSON.parse(unary.stdout).stock.lyon, "5000000000");
      const stream = await run("call", [plain.target, "shop.v1.Shop/ListItems", '{"kind": "KIND_BOOK"}', ...fromFiles()]);
      assert.equal(JSON.parse(stream.stdout).name, "Dune");
      assert.equal(
        (await run("call", [plain.target, "shop.v1.Shop/AddItems", '{"cents": 1}{"cents": 2}', ...fromFiles()])).stdout,
        '{\n  "count": 2,\n  "totalCents": "3"\n}\n',
      );
      assert.equal((await run("call", [plain.target, "shop.v1.Shop/Haggle", '{"cents": 4}', ...fromFiles()])).stdout, '{\n  "cents": "8"\n}\n');
    });

    it("lists and describes from --proto without a server", async () => {
      assert.deepEqual(await run("list", fromFiles()), { code: 0, stdout: "shop.v1.Shop\n", stderr: "" });
      assert.equal((await run("describe", [...fromFiles(), "shop.v1.Offer"])).stdout, "shop.v1.Offer is a message:\nmessage Offer {\n  int64 cents = 1;\n}\n");
    });

    it("calls with a --protoset, filling in the well-known types it leaves out", async () => {
      const dir = mkdtempSync(join(tmpdir(), "polyrpc-protoset-"));
      try {
        const protoset = join(dir, "shop.binpb");
        // Without --include_imports: the set lacks google/protobuf/timestamp.proto.
        execFileSync(python, ["-m", "grpc_tools.protoc", `-I${shopProtoRoot}`, `--descriptor_set_out=${protoset}`, "shop/v1/shop.proto"]);
        const r = await run("call", [plain.target, "shop.v1.Shop/GetItem", '{"id": "9007199254740993"}', "--protoset", protoset]);
        assert.equal(r.code, 0, r.stderr);
        assert.equal(JSON.parse(r.stdout).added, "2024-02-29T12:00:00Z");
        writeFileSync(join(dir, "junk.binpb"), "not a descriptor set");
        const junk = await run("list", ["--protoset", join(dir, "junk.binpb")]);
        assert.equal(junk.code, 1);
        assert.match(junk.stderr, new RegExp(`^polyrpc: --protoset ${join(dir, "junk.binpb").replace(/[./]/g, "\\$&")}: not a FileDescriptorSet: `));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it("reports a .proto that does not compile with protoc's file:line:column", async () => {
      const r = await run("call", [plain.target, "shop.v1.Shop/GetItem", "{}", "--proto", "shop/v1/missing.proto", "-I", shopProtoRoot]);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /^polyrpc: cannot compile shop\/v1\/missing\.proto:\n.*missing\.proto.*(not found|No such file)/s);
    });
  });

  it("lists every option in each command's --help", async () => {
    const shared = [
      "--proto <file>",
      "-I, --import-path <dir>",
      "--protoset <file>",
      "-H, --header",
      "--timeout <ms>",
      "--ca <file>",
      "--cert <file>",
      "--key <file>",
      "--tls",
      "--insecure",
      "--plaintext",
      "-h, --help",
    ];
    for (const [command, help, own] of [
      ["list", listHelp, []],
      ["describe", describeHelp, []],
      ["call", callHelp, ["-v, --verbose", "--emit-defaults"]],
    ] as const) {
      const r = await run(command, ["--help"]);
      assert.deepEqual(r, { code: 0, stdout: help, stderr: "" });
      for (const option of [...shared, ...own]) assert.ok(help.includes(option), `${command}: ${option}`);
    }
  });

  it("gives UNAVAILABLE for a server that is not there", async () => {
    const r = await run("list", ["127.0.0.1:1"]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^polyrpc: UNAVAILABLE: .*ECONNREFUSED 127\.0\.0\.1:1/);
  });
});
