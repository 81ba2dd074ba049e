import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { findGo, runProcess, type ProcessResult } from "@polyrpc/devkit";
import { GO_NOT_FOUND } from "./go-binaries.js";
import { SERVER_IDS, type BenchResults } from "./results.js";
import { UPLOAD_SKIPPED } from "./scenarios.js";

const cli = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
/** --quick must finish within 2 minutes; a loaded CI machine gets some slack before the kill. */
const QUICK_LIMIT_MS = 180_000;

/** Runs the CLI to its end with this Node (killed by pid at the time limit); never rejects for an exit code. */
function run(args: string[]): Promise<ProcessResult> {
  return runProcess(process.execPath, [cli, ...args], { timeoutMs: QUICK_LIMIT_MS });
}

function assertPositive(value: unknown, where: string): void {
  assert.equal(typeof value, "number", `${where} is a number`);
  assert.ok(Number.isFinite(value) && (value as number) > 0, `${where} is positive, got ${String(value)}`);
}

describe("pnpm bench --quick", () => {
  let out: string;
  let result: ProcessResult;
  let results: BenchResults;

  before(async () => {
    out = await mkdtemp(join(tmpdir(), "polyrpc-bench-test-"));
    result = await run(["--quick", "--out", out]);
    assert.equal(result.code, 0, `exit code; stderr:\n${result.stderr}`);
    results = JSON.parse(await readFile(join(out, "results.json"), "utf8")) as BenchResults;
  });
  after(async () => {
    if (out !== undefined) await rm(out, { recursive: true, force: true });
  });

  it("writes results.json with the machine, the settings and every scenario", () => {
    assert.equal(results.mode, "quick");
    assert.ok(!Number.isNaN(Date.parse(results.date)), results.date);
    assertPositive(results.machine["cpus"], "machine.cpus");
    assert.deepEqual(
      results.scenarios.map((s) => s.id),
      ["unary-c1", "unary-c32", "download-1024", "download-65536", "pingpong", "upload-1024"],
    );
  });

  it("has a positive figure and positive ratios for every server it measured, and a reason for every one it skipped", () => {
    const goThere = findGo() !== undefined;
    if (!goThere) assert.equal(results.skipped["grpc-go"], GO_NOT_FOUND);
    else assert.deepEqual(results.skipped, {}, "with Go and the .venv every server runs");
    for (const scenario of results.scenarios) {
      for (const id of SERVER_IDS) {
        const f = scenario.servers[id];
        assert.ok(f !== undefined, `${scenario.id} has an entry for ${id}`);
        if ("skipped" in f) {
          // The upload measures the TypeScript clients (polyrpc, raw grpc-js) against grpc-go's server.
          assert.equal(f.skipped, results.skipped[id] ?? (scenario.client === true ? UPLOAD_SKIPPED : undefined));
          continue;
        }
        const where = `${scenario.id} ${id}`;
        for (const key of ["median", "min", "max"] as const) assertPositive(f[key], `${where} ${key}`);
        assert.equal(f.runs.length, 2, `${where}: two runs`);
        f.runs.forEach((v, i) => assertPositive(v, `${where} run ${i}`));
        if (scenario.client === true) assert.equal(f.ratioToGrpcGo, null, `${where}: no grpc-go client to compare with`);
        else assertPositive(f.ratioToGrpcGo, `${where} ratio to grpc-go`);
        assertPositive(f.ratioToGrpcJs, `${where} ratio to grpc-js`);
        if (process.platform === "linux") {
          // Short quick runs may stay under one 10 ms clock tick of server CPU: zero is possible, negative is not.
          assert.ok(typeof f.cpuPerUnit === "number" && Number.isFinite(f.cpuPerUnit) && f.cpuPerUnit >= 0, `${where} CPU per unit: ${f.cpuPerUnit}`);
        }
        if (scenario.unit !== "MiB/s") {
          assertPositive(f.p50Ms, `${where} p50`);
          assertPositive(f.p99Ms, `${where} p99`);
        }
      }
      const go = scenario.servers["grpc-go"];
      if (go !== undefined && "median" in go) assert.equal(go.ratioToGrpcGo, 1);
    }
  });

  it("times codegen and the cold and cached build, with or without Go", () => {
    assert.deepEqual(
      results.tools.map((t) => t.id),
      ["codegen", "build-cold", "build-cached"],
    );
    for (const t of results.tools) {
      assert.ok("median" in t, `${t.id} was measured`);
      assertPositive(t.median, t.id);
    }
  });

  it("measures the gRPC-web gateway against the server called directly", () => {
    const gateway = results.gateway;
    assert.ok(gateway !== undefined, "results.json has the gateway's scenarios");
    assert.deepEqual(gateway.settings, { rounds: 1, seconds: 0.5, downloadMiB: 8 });
    assert.deepEqual(
      gateway.scenarios.map((s) => [s.id, s.unit, s.cpu.unit]),
      [
        ["unary", "RPC/s", "CPU ms / 1000 calls"],
        ["download", "MiB/s", "CPU ms / MiB"],
      ],
    );
    for (const s of gateway.scenarios) {
      for (const [name, f] of [
        ["direct", s.direct],
        ["gateway", s.gateway],
        ["ratio", s.ratio],
      ] as const) {
        assert.equal(f.values.length, 1, `${s.id} ${name}: one round`);
        assertPositive(f.median, `${s.id} ${name}`);
      }
      assert.equal(s.ratio.median, s.gateway.median / s.direct.median, `${s.id}: the ratio of the one round`);
      if (process.platform === "linux") assertPositive(s.cpu.gateway.median, `${s.id} CPU via the gateway`);
    }
  });

  it("prints the markdown table it writes to results.md, and an SVG chart", async () => {
    const md = await readFile(join(out, "results.md"), "utf8");
    assert.ok(result.stdout.includes(md), "stdout has the table");
    assert.match(md, /\| scenario \| polyrpc \(TS\) \| raw grpc-js \|/);
    assert.match(md, /\| `polyrpc gen`, whole proto tree \(TS \+ Python\) \| \d/);
    assert.match(md, /\| download 8 MiB, 64 KiB chunks \| \d+ MiB\/s ± \d+% \| \d+ MiB\/s ± \d+% \| \d+\.\d\dx ± \d+% \|/);
    const svg = await readFile(join(out, "results.svg"), "utf8");
    assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    const measured = results.scenarios
      .filter((s) => s.client !== true)
      .flatMap((s) =>
        SERVER_IDS.filter((id) => {
          const f = s.servers[id];
          return f !== undefined && "median" in f;
        }),
      );
    assert.equal(svg.match(/class="bar"/g)?.length ?? 0, measured.length, "one bar per measured figure");
  });
});

describe("polyrpc bench options", () => {
  it("rejects an unknown option with polyrpc: and exit 1", async () => {
    const r = await run(["--fast"]);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, "polyrpc: bench: unknown option --fast (see pnpm bench --help)\n");
  });
});
