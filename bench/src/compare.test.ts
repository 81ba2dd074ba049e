import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { describe, it } from "node:test";
import { findGo, runProcess, type ProcessResult } from "@polyrpc/devkit";
import { parseNodeFlags, renderComparison, resolveServer } from "./compare.js";
import { GO_NOT_FOUND } from "./go-binaries.js";
import { scenarios } from "./scenarios.js";
import { quantile } from "./stats.js";

const cli = fileURLToPath(new URL("../dist/compare-cli.js", import.meta.url));
const polyrpcServer = fileURLToPath(new URL("../dist/servers/polyrpc-server.js", import.meta.url));
const pingpong = scenarios(1024).find((s) => s.id === "pingpong")!;

const commands = {
  polyrpc: { command: "node", args: ["polyrpc-server.js"] },
  "grpc-js": { command: "node", args: ["grpc-js-server.js"] },
  "connect-node": { command: "/usr/bin/node", args: ["/bench/connect-node-server.js"] },
  "grpcio-sync": { skipped: "no Python at /x" },
  "grpcio-aio": { skipped: "no Python at /x" },
  "polyrpc-py-sync": { skipped: "no Python at /x" },
  "polyrpc-py-aio": { skipped: "no Python at /x" },
  "grpc-go": { command: "/go/server", args: [] },
};

/** Runs the CLI to its end with this Node (killed by pid at the time limit); never rejects for an exit code. */
function run(args: string[]): Promise<ProcessResult> {
  return runProcess(process.execPath, [cli, ...args], { timeoutMs: 120_000 });
}

describe("resolveServer", () => {
  it("takes a bench server id, or a .js script run by this Node, or a .py script run by the given Python", () => {
    assert.deepEqual(resolveServer("grpc-go", commands, "/venv/python"), { label: "grpc-go", command: "/go/server", args: [] });
    assert.deepEqual(resolveServer(polyrpcServer, commands, "/venv/python"), { label: polyrpcServer, command: process.execPath, args: [polyrpcServer] });
    const py = fileURLToPath(new URL("../python/bench_server.py", import.meta.url));
    assert.deepEqual(resolveServer(py, commands, "/venv/python"), { label: py, command: "/venv/python", args: [py] });
  });

  it("puts Node flags before the script of every server Node runs, and only there", () => {
    const flags = ["--initial-old-space-size=64", "--no-opt"];
    assert.deepEqual(resolveServer("polyrpc", commands, "/venv/python", flags), { label: "polyrpc", command: "node", args: [...flags, "polyrpc-server.js"] });
    assert.deepEqual(resolveServer("grpc-js", commands, "/venv/python", flags), { label: "grpc-js", command: "node", args: [...flags, "grpc-js-server.js"] });
    assert.deepEqual(resolveServer(polyrpcServer, commands, "/venv/python", flags), {
      label: polyrpcServer,
      command: process.execPath,
      args: [...flags, polyrpcServer],
    });
    assert.deepEqual(resolveServer("grpc-go", commands, "/venv/python", flags), { label: "grpc-go", command: "/go/server", args: [] });
    const py = fileURLToPath(new URL("../python/bench_server.py", import.meta.url));
    assert.deepEqual(resolveServer(py, commands, "/venv/python", flags), { label: py, command: "/venv/python", args: [py] });
    // The table shared by every server id is left as it was.
    assert.deepEqual(commands.polyrpc.args, ["polyrpc-server.js"]);
  });

  it("names what is wrong: a server that cannot run here, an unknown name, a missing script", () => {
    assert.throws(() => resolveServer("grpcio-sync", commands, "p"), /^Error: server grpcio-sync cannot run here: no Python at \/x$/);
    assert.throws(
      () => resolveServer("grpc-rs", commands, "p"),
      /unknown server "grpc-rs": give one of polyrpc, grpc-js, connect-node, grpcio-sync, grpcio-aio, polyrpc-py-sync, polyrpc-py-aio, grpc-go, or a \.js or \.py server script/,
    );
    assert.throws(() => resolveServer("/nowhere/server.js", commands, "p"), /server script not found: \/nowhere\/server\.js/);
  });
});

describe("parseNodeFlags", () => {
  it("splits the option at whitespace and refuses words that are not options, naming them", () => {
    assert.deepEqual(parseNodeFlags(" --initial-old-space-size=64  --max-semi-space-size=8 "), ["--initial-old-space-size=64", "--max-semi-space-size=8"]);
    assert.throws(() => parseNodeFlags("  "), /^Error: --node-flags needs at least one option, got " {2}"$/);
    assert.throws(
      () => parseNodeFlags("--expose-gc server.js"),
      /^Error: --node-flags takes Node options, each starting with "-" \(--name=value\), got "server\.js"$/,
    );
    assert.throws(() => parseNodeFlags("--max-old-space-size 64"), /got "64"$/);
  });
});

describe("renderComparison", () => {
  it("gives each server's median, interquartile range and CPU, as ratios to the first", () => {
    const md = renderComparison(
      [
        { label: "grpc-js", values: [100, 80, 120, 90, 110], cpuPerUnit: [50, 50, 40] },
        { label: "polyrpc", values: [95, 105, 85, 115, 75], cpuPerUnit: [] },
      ],
      pingpong,
    );
    assert.equal(
      md,
      [
        "bidi ping-pong, one stream: 5 interleaved runs per server; median, interquartile range, and ratio to grpc-js.",
        "",
        "| server | round trips/s | q1 – q3 | ÷ grpc-js | µs CPU/round trip | CPU ÷ grpc-js |",
        "|---|---:|---:|---:|---:|---:|",
        "| grpc-js | 100 | 90 – 110 | 1.00× | 50 | 1.00× |",
        "| polyrpc | 95 | 85 – 105 | 0.95× | – | – |",
        "",
      ].join("\n"),
    );
  });

  it("says which Node flags the servers ran with", () => {
    const md = renderComparison([{ label: "grpc-js", values: [1], cpuPerUnit: [] }], pingpong, ["--initial-old-space-size=64"]);
    assert.match(md.split("\n")[0]!, /ratio to grpc-js\. Servers run by Node had `--initial-old-space-size=64`\.$/);
  });

  it("interpolates quantiles between the sorted values", () => {
    assert.equal(quantile([4, 1, 3, 2], 0.25), 1.75);
    assert.equal(quantile([7], 0.75), 7);
    assert.throws(() => quantile([], 0.5), /at least one value/);
    assert.throws(() => quantile([1], 2), /0 <= q <= 1, got 2/);
  });
});

describe("pnpm bench:compare", () => {
  it("refuses bad input with a message naming it, and exit 1", async () => {
    for (const [args, message] of [
      [
        ["--scenario", "stream", "polyrpc", "grpc-js"],
        /^polyrpc: unknown scenario "stream": one of unary-c1, unary-c32, download-1024, download-65536, pingpong\n$/,
      ],
      [["--rounds", "0", "polyrpc", "grpc-js"], /^polyrpc: --rounds must be an integer from 1 to 1000, got "0"\n$/],
      [["--seconds", "fast", "polyrpc", "grpc-js"], /^polyrpc: --seconds must be a number from 0.1 to 60, got "fast"\n$/],
      [["polyrpc"], /^polyrpc: give at least two servers to compare, got 1\n$/],
      [
        ["--node-flags=--expose-gc 64", "polyrpc", "grpc-js"],
        /^polyrpc: --node-flags takes Node options, each starting with "-" \(--name=value\), got "64"\n$/,
      ],
      [["--frobnicate", "polyrpc", "grpc-js"], /^polyrpc: unknown option --frobnicate \(see pnpm bench:compare --help\)\n$/],
    ] as const) {
      const result = await run([...args]);
      assert.equal(result.code, 1, `exit code for ${args.join(" ")}`);
      assert.match(result.stderr, message);
      assert.equal(result.stdout, "");
    }
  });

  it("measures two servers in turn and prints one row each, the first at 1.00×", { timeout: 120_000 }, async (t) => {
    if (findGo() === undefined) return t.skip(GO_NOT_FOUND);
    const result = await run([
      "--scenario",
      "unary-c1",
      "--rounds",
      "2",
      "--seconds",
      "0.2",
      "--node-flags=--initial-old-space-size=64",
      "polyrpc",
      polyrpcServer,
    ]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^unary, 1 in flight: 2 interleaved runs per server; .* Servers run by Node had `--initial-old-space-size=64`\.\n/);
    const rows = result.stdout.split("\n").filter((l) => l.startsWith("| polyrpc") || l.startsWith(`| ${polyrpcServer}`));
    assert.equal(rows.length, 2, result.stdout);
    assert.match(rows[0]!, /^\| polyrpc \| [\d,.]+ \| [\d,.]+ – [\d,.]+ \| 1\.00× \| [\d,.]+ \| 1\.00× \|$/);
    const rps = Number(rows[1]!.split("|")[2]!.trim().replace(/,/g, ""));
    assert.ok(rps > 0, `positive RPC/s, got ${rows[1]}`);
    assert.equal(result.stderr.match(/polyrpc bench compare: round \d\/2 /g)?.length, 4, "two rounds of two servers");
  });

  it("hands the Node flags to the servers: one Node refuses fails the comparison with Node's message", { timeout: 120_000 }, async (t) => {
    if (findGo() === undefined) return t.skip(GO_NOT_FOUND);
    const result = await run(["--rounds", "1", "--node-flags=--no-such-node-flag", "polyrpc", "grpc-js"]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^polyrpc: bench compare failed: .*polyrpc server/m);
    assert.match(result.stderr, /bad option: --no-such-node-flag/);
    assert.equal(result.stdout, "");
  });
});
