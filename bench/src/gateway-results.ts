// The results of the gateway bench (run-gateway-bench.ts) and their Markdown table; kept apart from the
// runner so that rendering needs none of the runner's clients and servers.

/** How much the gateway bench measures. */
export interface GatewaySettings {
  rounds: number;
  /** Seconds of unary load per path and round. */
  seconds: number;
  downloadMiB: number;
  /** The polyrpc-web bin to run (default {@link GATEWAY_BIN}); another build, to compare two versions. */
  gatewayBin?: string;
}

/** Median and spread ((max - min) / median) of some figures. */
export interface Figure {
  median: number;
  spread: number;
  values: number[];
}

/** One scenario: throughput both ways, their ratio per round, and CPU per unit (ms per MiB or per 1000 calls). */
export interface GatewayScenario {
  id: "unary" | "download";
  label: string;
  unit: string;
  direct: Figure;
  gateway: Figure;
  /** gateway / direct throughput, taken within each round. */
  ratio: Figure;
  /** CPU of all processes on each path (server + client, and the gateway on its path), per MiB or per 1000 calls. */
  cpu: { unit: string; direct: Figure; gateway: Figure; gatewayProcess: Figure };
}

/** What {@link runGatewayBench} measured. */
export interface GatewayResults {
  settings: GatewaySettings;
  scenarios: GatewayScenario[];
}

/** Median and spread of `values`. */
export function figure(values: number[]): Figure {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  const median = sorted.length % 2 === 1 ? sorted[Math.floor(mid)]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, spread: median === 0 ? 0 : (sorted.at(-1)! - sorted[0]!) / median, values };
}

/** The gateway's results as a Markdown table: throughput, ratio, and CPU per unit of each path. */
export function renderGatewayMarkdown(results: GatewayResults): string {
  const f = (x: Figure, digits = 0, unit = "") => `${x.median.toFixed(digits)}${unit} ± ${(x.spread * 100).toFixed(0)}%`;
  const lines = [
    `| scenario (${results.settings.rounds} interleaved rounds) | gRPC direct | gRPC-web via polyrpc-web | ratio | CPU direct | CPU via gateway (of it the gateway) |`,
    "|---|---|---|---|---|---|",
  ];
  for (const s of results.scenarios) {
    lines.push(
      `| ${s.label} | ${f(s.direct, 0, ` ${s.unit}`)} | ${f(s.gateway, 0, ` ${s.unit}`)} | ${f(s.ratio, 2, "x")} | ${f(s.cpu.direct, 2, ` ${s.cpu.unit}`)} | ${f(s.cpu.gateway, 2)} (${f(s.cpu.gatewayProcess, 2)}) |`,
    );
  }
  return `${lines.join("\n")}\n`;
}
