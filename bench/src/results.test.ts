import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { renderChartSvg } from "./chart-svg.js";
import { formatBridgeRatio, formatNumber, renderMarkdown } from "./markdown.js";
import { replaceResultsSection, RESULTS_END, RESULTS_START } from "./readme-section.js";
import { scenarioResult, type BenchResults } from "./results.js";
import { cpuPerUnit, scenarios } from "./scenarios.js";

const [unary, , , download] = scenarios(256 * 1024 * 1024, 65536);

function results(): BenchResults {
  return {
    date: "2026-01-01T00:00:00.000Z",
    mode: "full",
    machine: { cpus: 2, cpuModel: "cpu", os: "linux", node: "20", go: "go1.26", python: "Python 3.11", loadAverage: "0.1" },
    settings: {},
    skipped: { "grpcio-aio": "no Python", "polyrpc-py-sync": "no Python", "polyrpc-py-aio": "no Python" },
    scenarios: [
      scenarioResult(unary!, {
        polyrpc: [
          { value: 90, p50Ms: 1, p99Ms: 3, cpuPerUnit: 60 },
          { value: 110, p50Ms: 2, p99Ms: 5, cpuPerUnit: 40 },
        ],
        "grpc-js": [{ value: 100, p50Ms: 1, p99Ms: 2, cpuPerUnit: 40 }],
        "connect-node": [{ value: 80, p50Ms: 1.2, p99Ms: 3, cpuPerUnit: 60 }],
        "grpcio-sync": [{ value: 50, p50Ms: 4, p99Ms: 9 }],
        "grpcio-aio": { skipped: "no Python" },
        "polyrpc-py-sync": { skipped: "no Python" },
        "polyrpc-py-aio": { skipped: "no Python" },
        "grpc-go": [{ value: 400, p50Ms: 0.1, p99Ms: 1 }],
      }),
    ],
    tools: [{ id: "codegen", label: "gen", unit: "s", median: 2, min: 1, max: 3, spreadPct: 100, runs: [1, 2, 3] }],
  };
}

describe("scenarios", () => {
  it("gives CPU per MiB for downloads and per call or round trip otherwise", () => {
    assert.equal(cpuPerUnit(download!, 300, 3 * 2 ** 20), 100, "ms per MiB");
    assert.equal(cpuPerUnit(unary!, 50, 1000), 50, "µs per call");
  });

  it("lists the default chunk size once when it is 1 KiB or 64 KiB, and adds it otherwise", () => {
    assert.deepEqual(
      scenarios(1024, 65536).map((s) => s.id),
      ["unary-c1", "unary-c32", "download-1024", "download-65536", "pingpong", "upload-1024"],
    );
    const withDefault = scenarios(1024, 131072);
    assert.deepEqual(
      withDefault.map((s) => s.id),
      ["unary-c1", "unary-c32", "download-1024", "download-65536", "download-default", "pingpong", "upload-1024"],
    );
    assert.deepEqual(withDefault[4]!.args.slice(-2), ["-chunk", "0"]);
    assert.match(withDefault[4]!.label, /polyrpc default chunks \(128 KiB\)/);
    assert.match(download!.label, /stream 256 MiB, 64 KiB chunks \(polyrpc default\)/);
  });
});

describe("scenarioResult", () => {
  it("gives each server its median and its ratios to grpc-go and raw grpc-js of the same run", () => {
    const s = results().scenarios[0]!;
    const poly = s.servers.polyrpc;
    assert.ok(poly !== undefined && "median" in poly);
    assert.equal(poly.median, 100);
    assert.equal(poly.ratioToGrpcGo, 0.25);
    assert.equal(poly.ratioToGrpcJs, 1);
    assert.equal(poly.p50Ms, 1.5);
    assert.equal(poly.p99Ms, 4);
    assert.equal(poly.cpuPerUnit, 50);
    assert.equal(poly.cpuRatioToGrpcJs, 1.25);
    const sync = s.servers["grpcio-sync"];
    assert.ok(sync !== undefined && "median" in sync);
    assert.equal(sync.cpuPerUnit, undefined, "no CPU figure where none was measured");
    assert.deepEqual(s.servers["grpcio-aio"], { skipped: "no Python" });
  });

  it("gives the bridge's ratio within each pass, in pass order, and shows their range next to the ratio of the medians", () => {
    const s = scenarioResult(unary!, {
      polyrpc: [
        { value: 90, pass: 2 },
        { value: 100, pass: 2 },
        { value: 80, pass: 1 },
      ],
      "grpc-js": [
        { value: 100, pass: 1 },
        { value: 95, pass: 2 },
        { value: 105, pass: 2 },
      ],
    });
    const poly = s.servers.polyrpc;
    assert.ok(poly !== undefined && "median" in poly);
    assert.deepEqual(poly.passRatiosToGrpcJs, [0.8, 0.95]);
    assert.equal(poly.ratioToGrpcJs, 0.9);
    assert.equal(formatBridgeRatio(poly.ratioToGrpcJs, poly.passRatiosToGrpcJs), "0.90× (passes 0.80–0.95)");
    assert.equal(formatBridgeRatio(0.9, [0.9]), "0.90×", "one pass has no range");
    assert.equal(formatBridgeRatio(null, [0.8, 0.95]), "–");
  });

  it("has no ratio to a reference that was not measured", () => {
    const s = scenarioResult(download!, { polyrpc: [{ value: 10 }], "grpc-go": { skipped: "no Go" } });
    const poly = s.servers.polyrpc;
    assert.ok(poly !== undefined && "median" in poly);
    assert.equal(poly.ratioToGrpcGo, null);
    assert.equal(poly.ratioToGrpcJs, null);
    assert.equal(poly.p50Ms, undefined, "downloads have no latency");
  });
});

describe("renderMarkdown", () => {
  it("writes the figures, the ratios and the tool timings, and names skipped servers with the reason", () => {
    const md = renderMarkdown(results());
    assert.match(md, /- grpc.aio skipped: no Python/);
    assert.match(
      md,
      /\| unary, 1 in flight \(RPC\/s\) \| 100 ±20%<br>p50 1.5 \/ p99 4 ms<br>50 µs CPU\/call \| 100 ±0%<br>p50 1 \/ p99 2 ms<br>40 µs CPU\/call \| 80 ±0%<br>p50 1.2 \/ p99 3 ms<br>60 µs CPU\/call \| 50 ±0%<br>p50 4 \/ p99 9 ms \| 400 ±0%<br>p50 0.1 \/ p99 1 ms \|/,
    );
    assert.match(md, /\| unary, 1 in flight \| 1.00× \| 1.25× \| 0.25× \| 0.25× \| 0.20× \| 0.13× \|/);
    assert.match(md, /\| gen \| 2 s \| 1 – 3 s \| 3 \|/);
    assert.equal(formatNumber(12345.6), "12,346");
  });
});

describe("renderChartSvg", () => {
  it("draws one bar per measured figure, labelled with its ratio to grpc-go", () => {
    const svg = renderChartSvg(results());
    assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    assert.equal(svg.match(/class="bar"/g)?.length, 5);
    assert.match(svg, /data-server="polyrpc"[^>]*\/>\n<text[^>]*>0.25<\/text>/);
    assert.ok(!svg.includes("grpc.aio"), "a skipped server has no legend entry");
  });
});

describe("replaceResultsSection", () => {
  it("replaces only the text between the markers", () => {
    const readme = `# t\n${RESULTS_START}\nold\n${RESULTS_END}\nafter\n`;
    assert.equal(replaceResultsSection(readme, "new table\n"), `# t\n${RESULTS_START}\nnew table\n${RESULTS_END}\nafter\n`);
    assert.throws(() => replaceResultsSection("# no markers", "x"), /lacks the results markers/);
  });
});
