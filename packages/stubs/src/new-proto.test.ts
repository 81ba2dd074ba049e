import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, it } from "node:test";
import { repoRoot } from "@polyrpc/devkit";

const here = dirname(fileURLToPath(import.meta.url));
const packageDir = join(here, "..");
const require = createRequire(import.meta.url);
const polyrpcBin = join(dirname(require.resolve("@polyrpc/codegen/package.json")), "bin", "polyrpc.js");
const tsc = join(dirname(require.resolve("typescript/package.json")), "bin", "tsc");
const python = join(repoRoot, ".venv", "bin", "python");

/** The files under `root`, as sorted `/`-separated paths relative to it. */
function filesUnder(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)).split(sep).join("/"))
    .sort();
}

function run(command: string, args: string[], cwd: string, env: Record<string, string> = {}) {
  const r = spawnSync(command, args, { cwd, env: { ...process.env, ...env }, encoding: "utf8", timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

// A copy of the stubs package's setup with the repository's proto tree plus one new file: `polyrpc gen`
// alone must make the new service importable from TypeScript (through the generated barrel) and Python.
describe("a new .proto in the tree", () => {
  let dir = "";
  before(() => {
    // Inside this package, so that the copy resolves @bufbuild/protobuf and tsx from its node_modules.
    dir = mkdtempSync(join(packageDir, ".new-proto-test-"));
    cpSync(join(repoRoot, "proto"), join(dir, "proto"), { recursive: true });
    cpSync(join(here, "testdata", "inventory.proto"), join(dir, "proto", "inventory", "v1", "inventory.proto"));
    writeFileSync(
      join(dir, "polyrpc.json"),
      JSON.stringify({ proto: "proto", ts: { out: "src/gen", index: "src/index.ts" }, python: { root: "py", package: "polyrpc_stubs" } }),
    );
    writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ extends: "../tsconfig.json", include: ["src"] }));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("is generated, exported by the barrel, type-checks, and both languages agree on its bytes", () => {
    const gen = run(process.execPath, [polyrpcBin, "gen"], dir, { POLYRPC_PYTHON: python });
    assert.equal(gen.code, 0, gen.stderr);
    // One TS file per .proto of the copied tree (the new one included); the Python count is every file
    // the generator left in its package (modules, .pyi, __init__.py, py.typed).
    const protos = filesUnder(join(dir, "proto")).filter((f) => f.endsWith(".proto"));
    assert.ok(protos.includes("inventory/v1/inventory.proto"), protos.join(", "));
    const tsFiles = filesUnder(join(dir, "src", "gen"));
    assert.deepEqual(tsFiles, protos.map((f) => f.replace(/\.proto$/, "_pb.ts")).sort());
    const pyFiles = filesUnder(join(dir, "py", "polyrpc_stubs"));
    assert.ok(pyFiles.includes("inventory/v1/inventory_pb2_grpc.py"), pyFiles.join(", "));
    assert.equal(
      gen.stdout,
      `polyrpc: wrote ${protos.length} ts files to src/gen\npolyrpc: wrote ${pyFiles.length} python files to py/polyrpc_stubs\npolyrpc: wrote src/index.ts\n`,
    );
    const barrel = readFileSync(join(dir, "src", "index.ts"), "utf8");
    const values = ["file_inventory_v1_inventory", "ItemSchema", "GetItemRequestSchema", "Kind", "KindSchema", "InventoryService"];
    const block = `// inventory/v1/inventory.proto\nexport {\n${values.map((v) => `  ${v},\n`).join("")}} from "./gen/inventory/v1/inventory_pb.js";\n`;
    assert.ok(barrel.includes(block), barrel);
    assert.ok(barrel.includes('export type { Item, GetItemRequest } from "./gen/inventory/v1/inventory_pb.js";'), barrel);
    // The seeds stay exported next to it, under their unchanged names.
    assert.match(barrel, /export \{ file_helloworld_hello, HelloRequestSchema, HelloReplySchema, Greeter \} from "\.\/gen\/helloworld\/hello_pb\.js";/);

    writeFileSync(
      join(dir, "src", "use.ts"),
      `import { create, toBinary, toJson } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { InventoryService, ItemSchema, Kind, type Item } from "./index.js";

const item: Item = create(ItemSchema, {
  id: 9007199254740993n,
  kind: Kind.TOOL,
  stock: { paris: 5000000000n },
  note: "signed",
  price: { case: "cents", value: 1999n },
  added: timestampFromDate(new Date("2024-02-29T12:00:00Z")),
});
console.log(InventoryService.typeName + "/" + InventoryService.method.getItem.name);
console.log(Buffer.from(toBinary(ItemSchema, item)).toString("base64"));
console.log(JSON.stringify(toJson(ItemSchema, item)));
`,
    );
    const check = run(process.execPath, [tsc, "-p", "tsconfig.json", "--noEmit"], dir);
    assert.equal(check.code, 0, check.stdout + check.stderr);
    const ts = run(process.execPath, ["--import", "tsx", join(dir, "src", "use.ts")], dir);
    assert.equal(ts.code, 0, ts.stderr);
    const [path, base64, json] = ts.stdout.trim().split("\n");
    assert.equal(path, "inventory.v1.InventoryService/GetItem");
    assert.equal(
      json,
      '{"id":"9007199254740993","kind":"KIND_TOOL","stock":{"paris":"5000000000"},"note":"signed","cents":"1999","added":"2024-02-29T12:00:00Z"}',
    );

    // The generated package root on PYTHONPATH is what an installed wheel gives; the imports inside
    // the stubs are package-absolute.
    const py = run(
      python,
      [
        "-c",
        `import base64, sys
from google.protobuf import json_format
from polyrpc_stubs.inventory.v1 import inventory_pb2, inventory_pb2_grpc
item = inventory_pb2.Item.FromString(base64.b64decode(sys.argv[1]))
print(item.id, inventory_pb2.Kind.Name(item.kind), item.stock["paris"], item.HasField("note"), item.WhichOneof("price"), item.cents, item.added.ToJsonString())
print(inventory_pb2_grpc.InventoryServiceStub.__name__, base64.b64encode(item.SerializeToString()).decode())`,
        base64!,
      ],
      dir,
      { PYTHONPATH: join(dir, "py") },
    );
    assert.equal(py.code, 0, py.stderr);
    assert.equal(py.stdout, `9007199254740993 KIND_TOOL 5000000000 True cents 1999 2024-02-29T12:00:00Z\nInventoryServiceStub ${base64}\n`);
  });
});
