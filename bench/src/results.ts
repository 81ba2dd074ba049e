import type { Scenario } from "./scenarios.js";
import { summarize, type Summary } from "./stats.js";
import type { GatewayResults } from "./gateway-results.js";

/** The servers under test, in table order. grpc-go and raw grpc-js are the two references. */
export const SERVER_IDS = ["polyrpc", "grpc-js", "connect-node", "grpcio-sync", "grpcio-aio", "polyrpc-py-sync", "polyrpc-py-aio", "grpc-go"] as const;
export type ServerId = (typeof SERVER_IDS)[number];

/** Column headings. */
export const SERVER_LABELS: Record<ServerId, string> = {
  polyrpc: "polyrpc (TS)",
  "grpc-js": "raw grpc-js",
  "connect-node": "connect-node",
  "grpcio-sync": "grpcio sync",
  "grpcio-aio": "grpc.aio",
  "polyrpc-py-sync": "polyrpc (Py sync)",
  "polyrpc-py-aio": "polyrpc (Py aio)",
  "grpc-go": "grpc-go",
};

/** One server's figure in one scenario, with its ratios to the two references measured in the same run. */
export interface ServerFigure extends Summary {
  /** Median p50 and p99 latency over the runs, in ms (unary and ping-pong). */
  p50Ms?: number;
  p99Ms?: number;
  /** The server's CPU time per call, round trip or MiB (see the scenario's cpuUnit); median over passes. */
  cpuPerUnit?: number;
  /** cpuPerUnit / raw grpc-js's cpuPerUnit: below 1 the server spends less CPU on the same work. */
  cpuRatioToGrpcJs?: number | null;
  /** Some download runs hit the time limit; their rate is of the bytes that came by then. */
  truncated?: boolean;
  /** median / grpc-go's median; null when grpc-go was not measured. */
  ratioToGrpcGo: number | null;
  /** median / raw grpc-js's median; null when grpc-js was not measured. */
  ratioToGrpcJs: number | null;
  /**
   * The same ratio within each pass (this server's median in the pass ÷ raw grpc-js's in that pass), in
   * pass order: how much the ratio itself moves between passes. Absent without pass numbers.
   */
  passRatiosToGrpcJs?: number[];
}

/** A server that was not measured, and why. */
export interface Skipped {
  skipped: string;
}

export interface ScenarioResult {
  id: string;
  label: string;
  unit: string;
  cpuUnit: string;
  /** The figures are of each stack's client against grpc-go's server (the upload), not of servers. */
  client?: true;
  servers: Partial<Record<ServerId, ServerFigure | Skipped>>;
}

/** A tool timing (codegen, build): seconds, lower is better. */
export interface ToolTiming extends Summary {
  id: string;
  label: string;
  unit: "s";
}

export interface BenchResults {
  /** ISO date and time the run started. */
  date: string;
  mode: "quick" | "full";
  machine: Record<string, string | number>;
  settings: Record<string, number | string>;
  /** Servers not measured at all, with the reason. */
  skipped: Partial<Record<ServerId, string>>;
  scenarios: ScenarioResult[];
  tools: (ToolTiming | (Skipped & { id: string; label: string }))[];
  /** The @polyrpc/web gateway against the same server called directly (run-gateway-bench.ts). */
  gateway?: GatewayResults;
}

/** One measured run of a server: the figure and, for latency scenarios, p50 and p99. */
export interface RunSample {
  value: number;
  p50Ms?: number;
  p99Ms?: number;
  truncated?: boolean;
  /** The server's CPU per unit of work over the load call this run belonged to. */
  cpuPerUnit?: number;
  /** The pass (1, 2, ...) the run belonged to. */
  pass?: number;
}

/** Each pass's median figure, by pass number; empty when the runs carry no pass. */
function passMedians(runs: readonly RunSample[]): Map<number, number> {
  const byPass = new Map<number, number[]>();
  for (const r of runs) if (r.pass !== undefined) byPass.set(r.pass, [...(byPass.get(r.pass) ?? []), r.value]);
  return new Map([...byPass].map(([pass, values]) => [pass, summarize(values).median]));
}

/**
 * Builds a scenario's result from every server's runs (or why it has none): medians and spreads, and each
 * server's ratio to grpc-go and to raw grpc-js.
 */
export function scenarioResult(scenario: Scenario, samples: Partial<Record<ServerId, RunSample[] | Skipped>>): ScenarioResult {
  const summaries: Partial<Record<ServerId, Omit<ServerFigure, "ratioToGrpcGo" | "ratioToGrpcJs"> | Skipped>> = {};
  for (const id of SERVER_IDS) {
    const s = samples[id];
    if (s === undefined) continue;
    if (!Array.isArray(s)) {
      summaries[id] = s;
      continue;
    }
    const figure: Omit<ServerFigure, "ratioToGrpcGo" | "ratioToGrpcJs"> = summarize(s.map((r) => r.value));
    if (scenario.latency) {
      figure.p50Ms = summarize(s.map((r) => r.p50Ms ?? 0)).median;
      figure.p99Ms = summarize(s.map((r) => r.p99Ms ?? 0)).median;
    }
    if (s.some((r) => r.truncated === true)) figure.truncated = true;
    const cpu = s.flatMap((r) => (r.cpuPerUnit !== undefined ? [r.cpuPerUnit] : []));
    if (cpu.length === s.length) figure.cpuPerUnit = summarize(cpu).median;
    summaries[id] = figure;
  }
  const reference = (id: ServerId): number | null => {
    const f = summaries[id];
    return f !== undefined && "median" in f && f.median > 0 ? f.median : null;
  };
  const go = reference("grpc-go");
  const js = reference("grpc-js");
  const jsRuns = samples["grpc-js"];
  const jsPasses = Array.isArray(jsRuns) ? passMedians(jsRuns) : new Map<number, number>();
  const jsFigure = summaries["grpc-js"];
  const jsCpu = jsFigure !== undefined && "median" in jsFigure && jsFigure.cpuPerUnit !== undefined && jsFigure.cpuPerUnit > 0 ? jsFigure.cpuPerUnit : null;
  const servers: ScenarioResult["servers"] = {};
  for (const id of SERVER_IDS) {
    const f = summaries[id];
    if (f === undefined) continue;
    if (!("median" in f)) {
      servers[id] = f;
      continue;
    }
    const figure: ServerFigure = { ...f, ratioToGrpcGo: go === null ? null : f.median / go, ratioToGrpcJs: js === null ? null : f.median / js };
    if (f.cpuPerUnit !== undefined) figure.cpuRatioToGrpcJs = jsCpu === null ? null : f.cpuPerUnit / jsCpu;
    const runs = samples[id];
    if (Array.isArray(runs)) {
      const ratios = [...passMedians(runs)]
        .sort(([a], [b]) => a - b)
        .flatMap(([pass, median]) => {
          const reference = jsPasses.get(pass);
          return reference !== undefined && reference > 0 ? [median / reference] : [];
        });
      if (ratios.length > 0) figure.passRatiosToGrpcJs = ratios;
    }
    servers[id] = figure;
  }
  return {
    id: scenario.id,
    label: scenario.label,
    unit: scenario.unit,
    cpuUnit: scenario.cpuUnit,
    ...(scenario.upload !== undefined ? { client: true as const } : {}),
    servers,
  };
}

/** True for a measured figure, false for a skipped one. */
export function isFigure(f: ServerFigure | Skipped | undefined): f is ServerFigure {
  return f !== undefined && "median" in f;
}
