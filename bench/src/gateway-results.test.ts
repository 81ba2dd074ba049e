import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { figure, renderGatewayMarkdown, type GatewayScenario } from "./gateway-results.js";

describe("figure", () => {
  it("gives the median and the spread (max - min) / median", () => {
    assert.deepEqual(figure([3, 1, 2]), { median: 2, spread: 1, values: [3, 1, 2] });
    assert.deepEqual(figure([4, 1, 2, 3]), { median: 2.5, spread: 1.2, values: [4, 1, 2, 3] });
  });
});

describe("renderGatewayMarkdown", () => {
  it("prints throughput, ratio and CPU per unit with their spreads", () => {
    const f = (...v: number[]) => figure(v);
    const download: GatewayScenario = {
      id: "download",
      label: "download 64 MiB, 64 KiB chunks",
      unit: "MiB/s",
      direct: f(300, 200, 250),
      gateway: f(240, 260, 250),
      ratio: f(0.9, 1, 0.95),
      cpu: { unit: "CPU ms / MiB", direct: f(3, 3.5, 3.2), gateway: f(3.4, 3.1, 3.2), gatewayProcess: f(1.1, 1.2, 1.25) },
    };
    assert.equal(
      renderGatewayMarkdown({ settings: { rounds: 3, seconds: 2, downloadMiB: 64 }, scenarios: [download] }),
      "| scenario (3 interleaved rounds) | gRPC direct | gRPC-web via polyrpc-web | ratio | CPU direct | CPU via gateway (of it the gateway) |\n" +
        "|---|---|---|---|---|---|\n" +
        "| download 64 MiB, 64 KiB chunks | 250 MiB/s ± 40% | 250 MiB/s ± 8% | 0.95x ± 11% | 3.20 CPU ms / MiB ± 16% | 3.20 ± 9% (1.20 ± 12%) |\n",
    );
  });
});
