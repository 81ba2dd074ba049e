import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import { makeTestCertificates, repoRoot } from "@polyrpc/devkit";
import { startCasesShopServer, type CasesShopServer } from "../testdata/cases-shop-server.js";
import { startEchoServer } from "../testdata/echo-server.js";
import { createFakePython } from "../testdata/fake-python.js";
import { run } from "../testdata/run-command.js";
import { python as venvPython } from "../testdata/shop-server.js";

/** One case of every call kind, all passing against an honest server. */
const allKinds = `cases:
  - name: shop.get_item
    method: shop.v1.Shop/GetItem
    request: {id: 7}
    expect: {status: OK}
  - name: shop.big_id
    method: shop.v1.Shop/GetItem
    request: {id: 9007199254740993}
  - name: shop.bad_id
    method: shop.v1.Shop/GetItem
    request: {id: -1}
    expect: {status: INVALID_ARGUMENT, message: "invalid id: -1"}
  - name: shop.list_items
    method: shop.v1.Shop/ListItems
    request: {kind: KIND_TOOL}
  - name: shop.add_items
    method: shop.v1.Shop/AddItems
    requests: [{cents: 5}, {cents: "7"}, {freeText: x}]
    expect:
      responses: [{count: 3, totalCents: 12}]
  - name: shop.haggle
    method: shop.v1.Shop/Haggle
    requests: [{cents: 1}, {cents: 2}]
    metadata: {x-tenant: a}
    timeoutMs: 2000
    expect:
      responses: [{cents: 2}, {cents: 3}]
`;

describe("polyrpc interop --cases", () => {
  let honest: CasesShopServer;
  let twin: CasesShopServer;
  let planted: CasesShopServer;
  let badDetails: CasesShopServer;
  let dir: string;
  const file = async (name: string, text: string) => {
    const path = join(dir, name);
    await writeFile(path, text);
    return path;
  };
  const calls = () => honest.calls() + twin.calls() + planted.calls() + badDetails.calls();

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "polyrpc-cases-"));
    honest = await startCasesShopServer();
    twin = await startCasesShopServer();
    planted = await startCasesShopServer("name");
    badDetails = await startCasesShopServer("violation");
  });
  after(async () => {
    await Promise.all([honest, twin, planted, badDetails].map((s) => s?.close()));
  });

  it("passes every call kind against two equal servers, exit 0, and prints the table", async () => {
    const cases = await file("all.yaml", allKinds);
    const r = await run("interop", ["--cases", cases, "--server", `ts1=${honest.target}`, "--server", `ts2=${twin.target}`, "--clients", "ts"]);
    assert.equal(r.stderr, "");
    assert.equal(r.code, 0);
    const lines = r.stdout.split("\n");
    assert.match(lines[0]!, /^case\s+ts1 server × ts client\s+ts2 server × ts client$/);
    for (const name of ["shop.get_item", "shop.big_id", "shop.bad_id", "shop.list_items", "shop.add_items", "shop.haggle"]) {
      assert.ok(
        lines.some((l) => new RegExp(`^${name.replace(".", "\\.")}\\s+✓\\s+✓$`).test(l)),
        `${name} passes in both columns:\n${r.stdout}`,
      );
    }
    assert.match(r.stdout, /interop: 6 case\(s\) × 2 server\(s\) × 1 client\(s\): 12 passed, 0 failed \(reference: ts1\)/);
  });

  it("reports a planted difference: exactly that case, server and field, with both values", async () => {
    const cases = await file("all2.yaml", allKinds);
    const r = await run("interop", ["--cases", cases, "--server", `ref=${honest.target}`, "--server", `other=${planted.target}`, "--clients", "ts"]);
    assert.equal(r.code, 1);
    const problems = r.stdout.split("\n").filter((l) => l.startsWith("  ✗ "));
    assert.deepEqual(problems, [`  ✗ shop.get_item [server other, client ts] responses[0].name: "item 7" on ref (reference), "item seven" here`]);
    assert.match(r.stdout, /^shop\.get_item\s+✓\s+✗ responses\[0\]\.name$/m);
    assert.match(r.stdout, /11 passed, 1 failed/);
  });

  it("compares the rich error details field by field", async () => {
    const cases = await file("details.yaml", `cases:\n  - name: shop.bad_id\n    method: shop.v1.Shop/GetItem\n    request: {id: -3}\n`);
    const r = await run("interop", ["--cases", cases, "--server", `a=${honest.target}`, "--server", `b=${badDetails.target}`, "--clients", "ts"]);
    assert.equal(r.code, 1);
    const problems = r.stdout.split("\n").filter((l) => l.startsWith("  ✗ "));
    assert.deepEqual(problems, [`  ✗ shop.bad_id [server b, client ts] details[0].fieldViolations[0].field: "id" on a (reference), "item_id" here`]);
    assert.match(
      r.stdout,
      /here\n {6}got INVALID_ARGUMENT: invalid id: -3\n {6}detail \{"@type":"type\.googleapis\.com\/google\.rpc\.BadRequest","fieldViolations":\[\{"field":"item_id","description":"must be positive, got -3"\}\]\}\n/,
    );
  });

  it("--reference picks the server the others are compared with", async () => {
    const cases = await file("ref.yaml", `cases:\n  - name: shop.get_item\n    method: shop.v1.Shop/GetItem\n    request: {id: 7}\n`);
    const r = await run("interop", [
      "--cases",
      cases,
      "--server",
      `a=${honest.target}`,
      "--server",
      `b=${planted.target}`,
      "--reference",
      "b",
      "--clients",
      "ts",
    ]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /✗ shop\.get_item \[server a, client ts\] responses\[0\]\.name: "item seven" on b \(reference\), "item 7" here/);
  });

  it("checks expect.status, expect.message and expect.responses against a single server", async () => {
    const cases = await file(
      "expect.yaml",
      `cases:
  - name: wrong.status
    method: shop.v1.Shop/GetItem
    request: {id: -1}
    expect: {status: NOT_FOUND}
  - name: wrong.message
    method: shop.v1.Shop/GetItem
    request: {id: -1}
    expect: {status: INVALID_ARGUMENT, message: "invalid id"}
  - name: wrong.responses
    method: shop.v1.Shop/Haggle
    requests: [{cents: 1}, {cents: 2}]
    expect: {responses: [{cents: 2}, {cents: "9007199254740993"}]}
  - name: fewer.responses
    method: shop.v1.Shop/ListItems
    request: {}
    expect: {responses: []}
`,
    );
    const r = await run("interop", ["--cases", cases, "--server", `only=${honest.target}`, "--clients", "ts"]);
    assert.equal(r.code, 1);
    const problems = r.stdout.split("\n").filter((l) => l.startsWith("  ✗ "));
    assert.deepEqual(problems, [
      "  ✗ wrong.status [server only, client ts] status: expected NOT_FOUND, got INVALID_ARGUMENT",
      `  ✗ wrong.message [server only, client ts] message: expected "invalid id", got "invalid id: -1"`,
      "  ✗ wrong.responses [server only, client ts] responses[1].cents: expected 9007199254740993, got 3",
      "  ✗ fewer.responses [server only, client ts] responses.length: expected 0, got 3",
    ]);
  });

  it("writes the JSON and HTML report and the JUnit file", async () => {
    const cases = await file("report.yaml", allKinds);
    const reportDir = join(dir, "report");
    const junit = join(dir, "junit", "cases.xml");
    const r = await run("interop", [
      "--cases",
      cases,
      "--server",
      `a=${honest.target}`,
      "--server",
      `b=${planted.target}`,
      "--clients",
      "ts",
      "--report",
      reportDir,
      "--junit",
      junit,
    ]);
    assert.equal(r.code, 1);
    const report = JSON.parse(await readFile(join(reportDir, "cases-report.json"), "utf8")) as {
      reference: string;
      ok: boolean;
      cells: {
        case: string;
        server: string;
        client: string;
        passed: boolean;
        problems: { path: string; expected: string; actual: string }[];
        outcome: { status: string; responses: unknown[] };
      }[];
    };
    assert.equal(report.reference, "a");
    assert.equal(report.ok, false);
    assert.equal(report.cells.length, 12);
    const failed = report.cells.filter((c) => !c.passed);
    assert.deepEqual(
      failed.map((c) => [c.case, c.server, c.client, c.problems]),
      [["shop.get_item", "b", "ts", [{ kind: "reference", path: "responses[0].name", expected: '"item 7"', actual: '"item seven"' }]]],
    );
    const big = report.cells.find((c) => c.case === "shop.big_id" && c.server === "a")!;
    assert.equal((big.outcome.responses[0] as { id: string }).id, "9007199254740993");
    const bad = report.cells.find((c) => c.case === "shop.bad_id" && c.server === "b")!;
    assert.equal(bad.outcome.status, "INVALID_ARGUMENT");
    const html = await readFile(join(reportDir, "cases-report.html"), "utf8");
    assert.match(html, /<tr><th>case<\/th><th>a server × ts client<\/th><th>b server × ts client<\/th><\/tr>/);
    assert.match(
      html,
      /<li class="fail"><b>shop\.get_item<\/b> \[server b, client ts\]: responses\[0\]\.name: &#34;item 7&#34; on a \(reference\), &#34;item seven&#34; here<\/li>/,
    );
    const xml = await readFile(junit, "utf8");
    assert.match(xml, /<testsuites name="polyrpc interop" tests="12" failures="1"/);
    assert.equal([...xml.matchAll(/<testcase /g)].length, 12);
    assert.equal([...xml.matchAll(/<failure /g)].length, 1);
    assert.match(
      xml,
      /<testcase name="shop\.get_item \[server b, client ts\]" classname="polyrpc\.interop\.b\.ts" time="[0-9.]+">\n {4}<failure message="responses\[0\]\.name: &#34;item 7&#34; on a \(reference\), &#34;item seven&#34; here" type="reference">/,
    );
    assert.match(r.stderr, /polyrpc: wrote .*cases-report\.json and .*cases-report\.html\npolyrpc: wrote .*cases\.xml\n$/);
  });

  it("an output path of the wrong kind (--report a file, --junit a folder) is refused before any call", async () => {
    const cases = await file("out.yaml", `cases:\n  - name: a\n    method: shop.v1.Shop/GetItem\n`);
    const before = calls();
    const report = await run("interop", ["--cases", cases, "--server", `a=${honest.target}`, "--clients", "ts", "--report", cases]);
    assert.equal(report.code, 1);
    assert.equal(report.stderr, `polyrpc: interop: --report ${cases}: a file, not a folder\n`);
    const junit = await run("interop", ["--cases", cases, "--server", `a=${honest.target}`, "--clients", "ts", "--junit", dir]);
    assert.equal(junit.code, 1);
    assert.equal(junit.stderr, `polyrpc: interop: --junit ${dir}: a folder, not a file\n`);
    assert.equal(calls(), before);
  });

  it("sends each case's metadata (a -bin value as bytes) and --header, with its deadline", async () => {
    const echo = await startEchoServer();
    try {
      const cases = await file(
        "metadata.yaml",
        `cases:
  - name: headers
    method: Greeter/SayHello
    metadata: {X-Tenant: a, x-trace-bin: AQI=}
    timeoutMs: 5000
    expect:
      responses: [{message: '{"headers":{"x-all":["1"],"x-tenant":["a"],"x-trace-bin":["AQI="]},"deadline":true}'}]
`,
      );
      const r = await run("interop", ["--cases", cases, "--server", `echo=${echo.target}`, "--clients", "ts", "-H", "x-all: 1", "-H", "x-tenant: overridden"]);
      assert.equal(r.code, 0, r.stdout);
    } finally {
      await echo.close();
    }
  });

  it("is the interop command of the polyrpc bin (@polyrpc/codegen hands it to this package)", async () => {
    // The bin is the workspace root's dev dependency, as in docs/new-service-guide.test.ts.
    const bin = join(dirname(createRequire(join(repoRoot, "package.json")).resolve("@polyrpc/codegen/package.json")), "bin", "polyrpc.js");
    const cases = await file("bin.yaml", allKinds);
    const { stdout } = await promisify(execFile)(process.execPath, [bin, "interop", "--cases", cases, "--server", `a=${honest.target}`, "--clients", "ts"]);
    assert.match(stdout, /6 case\(s\) × 1 server\(s\) × 1 client\(s\): 6 passed, 0 failed/);
    const missing = await promisify(execFile)(process.execPath, [bin, "interop", "--cases", join(dir, "none.yaml"), "--server", `a=${honest.target}`]).catch(
      (e: { code: number; stderr: string }) => e,
    );
    assert.equal((missing as { code: number }).code, 1);
    assert.equal((missing as { stderr: string }).stderr, `polyrpc: ${join(dir, "none.yaml")}: cannot read the case file: no such file\n`);
  });

  it("--help lists every option", async () => {
    const r = await run("interop", ["--help"]);
    assert.equal(r.code, 0);
    for (const option of [
      "--cases",
      "--server",
      "--reference",
      "--clients",
      "--python",
      "--report",
      "--junit",
      "--proto",
      "--import-path",
      "--protoset",
      "--header",
      "--timeout",
      "--plaintext",
    ]) {
      assert.ok(r.stdout.includes(option), option);
    }
  });

  describe("rejects a bad case file before calling anything", () => {
    const bad: [string, string, string][] = [
      [
        "unknown key",
        `cases:\n  - name: a\n    method: shop.v1.Shop/GetItem\n    requst: {id: 1}\n`,
        `case a: unknown key "requst"; a case has name, method, request, requests, metadata, timeoutMs, expect`,
      ],
      [
        "wrong type",
        `cases:\n  - name: a\n    method: shop.v1.Shop/GetItem\n    request: [1]\n`,
        `case a: "request" must be a mapping (one message as proto3 JSON), got a list`,
      ],
      [
        "duplicate name",
        `cases:\n  - name: a\n    method: shop.v1.Shop/GetItem\n  - name: a\n    method: shop.v1.Shop/GetItem\n`,
        `case a: the name "a" is used by an earlier case too`,
      ],
      ["bad name", `cases:\n  - name: "a b"\n    method: shop.v1.Shop/GetItem\n`, `case #1: "name" "a b" may contain only letters, digits, ".", "_" and "-"`],
      [
        "unknown method",
        `cases:\n  - name: a\n    method: shop.v1.Shop/GetItems\n    request: {}\n`,
        `case a: "method" "shop.v1.Shop/GetItems": unknown method "GetItems" of service shop.v1.Shop; did you mean GetItem?`,
      ],
      [
        "unknown service",
        `cases:\n  - name: a\n    method: shop.v1.Shopp/GetItem\n`,
        `case a: "method" "shop.v1.Shopp/GetItem": unknown service "shop.v1.Shopp" in reflection of`,
      ],
      [
        "request JSON",
        `cases:\n  - name: a\n    method: shop.v1.Shop/GetItem\n    request: {id: "seven"}\n`,
        `case a: "request" {"id":"seven"} does not parse as shop.v1.GetItemRequest: cannot decode field shop.v1.GetItemRequest.id from JSON: expected bigint (int64): seven out of range`,
      ],
      [
        "request for a stream",
        `cases:\n  - name: a\n    method: shop.v1.Shop/AddItems\n    request: {cents: 1}\n`,
        `case a: shop.v1.Shop/AddItems is client-streaming: give "requests" (a list of messages), not "request"`,
      ],
      [
        "requests for unary",
        `cases:\n  - name: a\n    method: shop.v1.Shop/GetItem\n    requests: [{id: 1}]\n`,
        `case a: shop.v1.Shop/GetItem is unary: give "request" (one message), not "requests"`,
      ],
      [
        "unknown status",
        `cases:\n  - name: a\n    method: shop.v1.Shop/GetItem\n    expect: {status: NOTFOUND}\n`,
        `case a: "expect.status" the string "NOTFOUND" is not a gRPC status code name; names are OK, CANCELLED,`,
      ],
      [
        "expected response JSON",
        `cases:\n  - name: a\n    method: shop.v1.Shop/GetItem\n    expect: {responses: [{nam: x}]}\n`,
        `case a: "expect.responses"[0] {"nam":"x"} does not parse as shop.v1.Item:`,
      ],
      ["bad YAML", `cases:\n  - name: a\n    method: x\n   request: {}\n`, `line 4: not valid YAML or JSON:`],
    ];
    for (const [what, text, message] of bad) {
      it(`${what}: exit 1, polyrpc: <file>: ${message.slice(0, 40)}..., no call`, async () => {
        const cases = await file(`bad-${what.replace(/\W+/g, "-")}.yaml`, text);
        // A later valid case must not be called either.
        const before = calls();
        const r = await run("interop", ["--cases", cases, "--server", `a=${honest.target}`, "--server", `b=${twin.target}`, "--clients", "ts"]);
        assert.equal(r.code, 1);
        assert.equal(r.stdout, "");
        assert.ok(r.stderr.startsWith(`polyrpc: ${cases}: ${message}`), r.stderr);
        assert.equal(r.stderr.split("\n").length, 2, r.stderr);
        assert.equal(calls(), before, "no call reached a server");
      });
    }

    it("a bad case after good ones: nothing is called", async () => {
      const cases = await file("late.yaml", `${allKinds}  - name: late\n    method: shop.v1.Shop/Haggle\n    request: {cents: 1}\n`);
      const before = calls();
      const r = await run("interop", ["--cases", cases, "--server", `a=${honest.target}`, "--clients", "ts"]);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /^polyrpc: .*late\.yaml: case late: shop\.v1\.Shop\/Haggle is bidi-streaming: give "requests"/);
      assert.equal(calls(), before);
    });

    it("a missing file", async () => {
      const r = await run("interop", ["--cases", join(dir, "nope.yaml"), "--server", `a=${honest.target}`]);
      assert.equal(r.code, 1);
      assert.equal(r.stderr, `polyrpc: ${join(dir, "nope.yaml")}: cannot read the case file: no such file\n`);
    });

    it("a directory", async () => {
      const before = calls();
      const r = await run("interop", ["--cases", dir, "--server", `a=${honest.target}`]);
      assert.equal(r.code, 1);
      assert.equal(r.stderr, `polyrpc: ${dir}: cannot read the case file: it is a directory\n`);
      assert.equal(calls(), before);
    });
  });

  describe("options", () => {
    const cases = () => file("opt.yaml", `cases:\n  - name: a\n    method: shop.v1.Shop/GetItem\n`);
    for (const [args, message] of [
      [[], "polyrpc: interop: at least one --server NAME=TARGET is required (see polyrpc interop --help)\n"],
      [["--server", "nameless"], `polyrpc: interop: --server "nameless" is not NAME=TARGET (a name of letters, digits, . _ -, such as py=127.0.0.1:50051)\n`],
      [["--server", "a=127.0.0.1:1", "--reference", "b"], `polyrpc: interop: --reference "b" is not one of the servers (a)\n`],
      [["--server", "a=127.0.0.1:1", "--server", "a=127.0.0.1:2"], `polyrpc: interop: two servers are named "a"\n`],
      [
        ["--server", "a=127.0.0.1:1", "--clients", "go", "--proto", "shop/v1/shop.proto", "-I", "__shop__"],
        `polyrpc: interop: unknown client "go" in --clients; use ts, py or ts,py\n`,
      ],
      [
        ["--server", "a=127.0.0.1:1", "--insecure", "--clients", "ts,py", "--proto", "shop/v1/shop.proto", "-I", "__shop__"],
        "polyrpc: interop: --clients asks for py, but --insecure skips the server certificate check, and grpcio (the Python client) has no way to skip it (server a, 127.0.0.1:1); use --clients ts, or --ca CA_FILE instead of --insecure\n",
      ],
    ] as [string[], string][]) {
      it(`${args.join(" ") || "no --server"}: ${message.trim()}`, async () => {
        const shop = new URL("../testdata/", import.meta.url).pathname;
        const r = await run("interop", ["--cases", await cases(), ...args.map((a) => a.replace("__shop__", shop))]);
        assert.equal(r.code, 1);
        assert.equal(r.stderr, message);
      });
    }

    it("takes the schema from --proto and -I instead of reflection", async () => {
      const shop = new URL("../testdata/", import.meta.url).pathname;
      const path = await file(
        "proto.yaml",
        `cases:\n  - name: a\n    method: shop.v1.Shop/GetItem\n    request: {id: 2}\n    expect: {responses: [{id: 2, name: item 2, kind: KIND_BOOK, stock: {north: 4, south: 0}, cents: 200, added: "2023-11-14T22:13:22.000000500Z", tags: [t1, id-2]}]}\n`,
      );
      const r = await run("interop", ["--cases", path, "--server", `a=${honest.target}`, "--proto", "shop/v1/shop.proto", "-I", shop, "--clients", "ts"]);
      assert.equal(r.stderr, "");
      assert.equal(r.code, 0, r.stdout);
    });

    it("without --clients, --insecure leaves the Python client out, with one line saying why", async () => {
      const shop = new URL("../testdata/", import.meta.url).pathname;
      const path = await file("insecure.yaml", `cases:\n  - name: a\n    method: shop.v1.Shop/GetItem\n    timeoutMs: 3000\n`);
      const r = await run("interop", [
        "--cases",
        path,
        "--server",
        "a=127.0.0.1:1",
        "--insecure",
        "--proto",
        "shop/v1/shop.proto",
        "-I",
        shop,
        "--python",
        venvPython,
      ]);
      assert.equal(
        r.stderr,
        "polyrpc: the Python client is skipped: --insecure skips the server certificate check, and grpcio (the Python client) has no way to skip it (server a, 127.0.0.1:1)\n",
      );
      assert.match(r.stdout, /^case\s+a server × ts client$/m);
      assert.equal(r.code, 1);
    });

    it("takes the schema from --protoset instead of reflection", async () => {
      const shop = new URL("../testdata/", import.meta.url).pathname;
      const protoset = join(dir, "shop.binpb");
      await promisify(execFile)(venvPython, [
        "-m",
        "grpc_tools.protoc",
        `-I${shop}`,
        "--include_imports",
        `--descriptor_set_out=${protoset}`,
        "shop/v1/shop.proto",
      ]);
      const path = await file(
        "protoset.yaml",
        `cases:\n  - name: a\n    method: shop.v1.Shop/GetItem\n    request: {id: 2}\n    expect: {responses: [{id: 2, name: item 2, kind: KIND_BOOK, stock: {north: 4, south: 0}, cents: 200, added: "2023-11-14T22:13:22.000000500Z", tags: [t1, id-2]}]}\n  - name: b\n    method: shop.v1.Shop/GetItems\n`,
      );
      const before = calls();
      const bad = await run("interop", ["--cases", path, "--server", `a=${honest.target}`, "--protoset", protoset, "--clients", "ts"]);
      assert.equal(bad.code, 1);
      assert.match(
        bad.stderr,
        /^polyrpc: .*protoset\.yaml: case b: "method" "shop\.v1\.Shop\/GetItems": unknown method "GetItems" of service shop\.v1\.Shop; did you mean GetItem\?\n$/,
      );
      assert.equal(calls(), before, "a bad case calls nothing, with a protoset no reflection either");
      await writeFile(path, (await readFile(path, "utf8")).replace(/  - name: b\n.*\n$/, ""));
      const r = await run("interop", ["--cases", path, "--server", `a=${honest.target}`, "--protoset", protoset, "--clients", "ts"]);
      assert.equal(r.stderr, "");
      assert.equal(r.code, 0, r.stdout);
      assert.match(r.stdout, /^a\s+✓$/m);
    });

    it("an unreachable reference server without --proto is an error naming it", async () => {
      const path = await file("down-reflection.yaml", `cases:\n  - name: a\n    method: shop.v1.Shop/GetItem\n`);
      const r = await run("interop", ["--cases", path, "--server", "a=127.0.0.1:1", "--clients", "ts", "--timeout", "3000"]);
      assert.equal(r.code, 1);
      assert.match(
        r.stderr,
        /^polyrpc: interop: cannot read the schema of the reference server 127\.0\.0\.1:1 by reflection: UNAVAILABLE: .* \(or give --proto \/ --protoset\)\n$/,
      );
    });

    it("an unreachable server fails its cells even when both agree", async () => {
      const shop = new URL("../testdata/", import.meta.url).pathname;
      const path = await file("down.yaml", `cases:\n  - name: a\n    method: shop.v1.Shop/GetItem\n    timeoutMs: 3000\n`);
      const r = await run("interop", ["--cases", path, "--server", "a=127.0.0.1:1", "--proto", "shop/v1/shop.proto", "-I", shop, "--clients", "ts"]);
      assert.equal(r.code, 1);
      assert.match(r.stdout, /✗ a \[server a, client ts\] status: UNAVAILABLE "/);
    });
  });

  describe("the Python client (a stand-in that speaks polyrpc.case_client's contract)", () => {
    let python: string;
    before(async () => {
      python = await createFakePython();
    });
    const withMode = async <T>(mode: string, f: () => Promise<T>): Promise<T> => {
      const saved = process.env["FAKE_CASE_CLIENT"];
      process.env["FAKE_CASE_CLIENT"] = mode;
      try {
        return await f();
      } finally {
        if (saved === undefined) delete process.env["FAKE_CASE_CLIENT"];
        else process.env["FAKE_CASE_CLIENT"] = saved;
      }
    };

    it("runs every case with both clients against both servers", async () => {
      const cases = await file("py.yaml", allKinds);
      const r = await withMode("", () =>
        run("interop", ["--cases", cases, "--server", `a=${honest.target}`, "--server", `b=${twin.target}`, "--clients", "ts,py", "--python", python]),
      );
      assert.equal(r.stderr, "");
      assert.equal(r.code, 0, r.stdout);
      assert.match(r.stdout, /^case\s+a server × ts client\s+a server × py client\s+b server × ts client\s+b server × py client$/m);
      assert.match(r.stdout, /^shop\.haggle\s+✓\s+✓\s+✓\s+✓$/m);
      assert.match(r.stdout, /6 case\(s\) × 2 server\(s\) × 2 client\(s\): 24 passed, 0 failed/);
    });

    it("a planted difference shows in the Python column too", async () => {
      const cases = await file("py-planted.yaml", allKinds);
      const r = await withMode("", () =>
        run("interop", ["--cases", cases, "--server", `a=${honest.target}`, "--server", `b=${planted.target}`, "--clients", "ts,py", "--python", python]),
      );
      assert.equal(r.code, 1);
      assert.deepEqual(
        r.stdout.split("\n").filter((l) => l.startsWith("  ✗ ")),
        [
          `  ✗ shop.get_item [server b, client ts] responses[0].name: "item 7" on a (reference), "item seven" here`,
          `  ✗ shop.get_item [server b, client py] responses[0].name: "item 7" on a (reference), "item seven" here`,
        ],
      );
    });

    it("a Python response whose JSON does not fit the output type is a failed cell", async () => {
      const cases = await file("py-bad.yaml", `cases:\n  - name: a\n    method: shop.v1.Shop/GetItem\n    request: {id: 1}\n`);
      const r = await withMode("badjson", () => run("interop", ["--cases", cases, "--server", `a=${honest.target}`, "--clients", "ts,py", "--python", python]));
      assert.equal(r.code, 1);
      assert.match(r.stdout, /^a\s+✓\s+✗ client$/m);
      assert.match(
        r.stdout,
        /✗ a \[server a, client py\] client: Python's JSON of response 1 does not parse as shop\.v1\.Item: cannot decode message shop\.v1\.Item from JSON: key "noSuchField" is unknown/,
      );
    });

    it("without --clients, a Python that lacks polyrpc.case_client is skipped with one line saying why", async () => {
      const cases = await file("py-skip.yaml", `cases:\n  - name: a\n    method: shop.v1.Shop/GetItem\n    request: {id: 1}\n`);
      const r = await withMode("missing", () => run("interop", ["--cases", cases, "--server", `a=${honest.target}`, "--python", python]));
      assert.equal(r.code, 0);
      assert.equal(
        r.stderr,
        `polyrpc: the Python client is skipped: ${python} cannot import polyrpc.case_client (install the polyrpc Python package, or pass --python PATH)\n`,
      );
      assert.match(r.stdout, /^case\s+a server × ts client$/m);
    });

    it("--clients py with no usable Python is an error, and nothing is called", async () => {
      const cases = await file("py-asked.yaml", `cases:\n  - name: a\n    method: shop.v1.Shop/GetItem\n    request: {id: 1}\n`);
      const before = calls();
      const r = await run("interop", ["--cases", cases, "--server", `a=${honest.target}`, "--clients", "py", "--python", join(dir, "no-python")]);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /^polyrpc: interop: --clients asks for py, but .*no-python cannot be run: spawn .*no-python ENOENT\n$/);
      assert.equal(calls(), before);
    });

    it("a Python client that exits 1 is reported with its stderr", async () => {
      const cases = await file("py-crash.yaml", `cases:\n  - name: a\n    method: shop.v1.Shop/GetItem\n    request: {id: 1}\n`);
      const r = await withMode("crash", () => run("interop", ["--cases", cases, "--server", `a=${honest.target}`, "--clients", "py", "--python", python]));
      assert.equal(r.code, 1);
      assert.equal(r.stderr, `polyrpc: the Python client (${python} -m polyrpc.case_client) exited with 1: polyrpc: the job has no target\n`);
    });
  });

  describe("the Python client (polyrpc.case_client of the repository's .venv, on grpcio)", () => {
    it("runs every call kind with both clients against two equal servers, exit 0", async () => {
      const cases = await file("real-py.yaml", allKinds);
      const r = await run("interop", [
        "--cases",
        cases,
        "--server",
        `a=${honest.target}`,
        "--server",
        `b=${twin.target}`,
        "--clients",
        "ts,py",
        "--python",
        venvPython,
      ]);
      assert.equal(r.stderr, "");
      assert.equal(r.code, 0, r.stdout);
      assert.match(r.stdout, /^case\s+a server × ts client\s+a server × py client\s+b server × ts client\s+b server × py client$/m);
      for (const name of ["shop.get_item", "shop.big_id", "shop.bad_id", "shop.list_items", "shop.add_items", "shop.haggle"]) {
        assert.match(r.stdout, new RegExp(`^${name.replace(".", "\\.")}\\s+✓\\s+✓\\s+✓\\s+✓$`, "m"));
      }
      assert.match(r.stdout, /24 passed, 0 failed/);
    });

    it("reports the planted name and the planted error detail in the Python cells as in the TypeScript ones", async () => {
      const cases = await file("real-py-planted.yaml", allKinds);
      const named = await run("interop", [
        "--cases",
        cases,
        "--server",
        `a=${honest.target}`,
        "--server",
        `b=${planted.target}`,
        "--clients",
        "ts,py",
        "--python",
        venvPython,
      ]);
      assert.equal(named.code, 1);
      assert.deepEqual(
        named.stdout.split("\n").filter((l) => l.startsWith("  ✗ ")),
        [
          `  ✗ shop.get_item [server b, client ts] responses[0].name: "item 7" on a (reference), "item seven" here`,
          `  ✗ shop.get_item [server b, client py] responses[0].name: "item 7" on a (reference), "item seven" here`,
        ],
      );
      const details = await run("interop", [
        "--cases",
        cases,
        "--server",
        `a=${honest.target}`,
        "--server",
        `b=${badDetails.target}`,
        "--clients",
        "py",
        "--python",
        venvPython,
      ]);
      assert.equal(details.code, 1);
      assert.deepEqual(
        details.stdout.split("\n").filter((l) => l.startsWith("  ✗ ")),
        [`  ✗ shop.bad_id [server b, client py] details[0].fieldViolations[0].field: "id" on a (reference), "item_id" here`],
      );
    });

    it("both clients pass against a TLS server with --ca and a mutual-TLS one with --ca, --cert and --key", async () => {
      const certs = makeTestCertificates(await mkdtemp(join(dir, "certs-")));
      const tls = await startCasesShopServer("none", { cert: certs.serverCert, key: certs.serverKey });
      const mutual = await startCasesShopServer("none", { cert: certs.serverCert, key: certs.serverKey, ca: certs.ca });
      try {
        const cases = await file("real-py-tls.yaml", allKinds);
        const both = ["--clients", "ts,py", "--python", venvPython];
        const r = await run("interop", ["--cases", cases, "--server", `tls=${tls.target}`, "--ca", certs.ca, ...both]);
        assert.equal(r.stderr, "");
        assert.equal(r.code, 0, r.stdout);
        assert.match(r.stdout, /^case\s+tls server × ts client\s+tls server × py client$/m);
        assert.match(r.stdout, /12 passed, 0 failed/);
        assert.equal(tls.calls(), 12, "each client made its 6 calls over TLS");
        const m = await run("interop", [
          "--cases",
          cases,
          "--server",
          `mtls=${mutual.target}`,
          "--ca",
          certs.ca,
          "--cert",
          certs.clientCert,
          "--key",
          certs.clientKey,
          ...both,
        ]);
        assert.equal(m.stderr, "");
        assert.equal(m.code, 0, m.stdout);
        assert.match(m.stdout, /12 passed, 0 failed/);
        assert.equal(mutual.calls(), 12);
        // Without the client certificate both clients fail the same way; --proto, as reflection would fail first.
        const shop = new URL("../testdata/", import.meta.url).pathname;
        const no = await run("interop", [
          "--cases",
          cases,
          "--server",
          `mtls=${mutual.target}`,
          "--ca",
          certs.ca,
          "--proto",
          "shop/v1/shop.proto",
          "-I",
          shop,
          ...both,
        ]);
        assert.equal(no.code, 1);
        assert.match(no.stdout, /^shop\.get_item\s+✗ status(?: \+\d+)?\s+✗ status(?: \+\d+)?$/m);
        assert.match(no.stdout, /0 passed, 12 failed/);
        assert.equal(mutual.calls(), 12, "no call got through without a client certificate");
      } finally {
        await Promise.all([tls.close(), mutual.close()]);
      }
    });

    it("the Python client sends the case's metadata, a -bin value as the same bytes, and its deadline", async () => {
      const echo = await startEchoServer();
      try {
        const cases = await file(
          "real-py-metadata.yaml",
          `cases:
  - name: headers
    method: Greeter/SayHello
    metadata: {x-tenant: a, x-trace-bin: AQI=}
    timeoutMs: 5000
    expect:
      responses: [{message: '{"headers":{"x-tenant":["a"],"x-trace-bin":["AQI="]},"deadline":true}'}]
`,
        );
        const r = await run("interop", ["--cases", cases, "--server", `echo=${echo.target}`, "--clients", "ts,py", "--python", venvPython]);
        assert.equal(r.code, 0, r.stdout);
        assert.match(r.stdout, /^headers\s+✓\s+✓$/m);
      } finally {
        await echo.close();
      }
    });
  });
});
