// `pnpm bench:compare`: an interleaved A/B of a few servers under one scenario of the Go
// load. It answers "did this change to the bridge make it faster?" and "is the gap to raw grpc-js real?",
// which one full `pnpm bench` run cannot answer finely: there every figure comes from 5 fresh-process runs.
import { existsSync } from "node:fs";
import { extname, resolve } from "node:path";
import { formatNumber, formatRatio } from "./markdown.js";
import { processCpuMs } from "./process-cpu.js";
import { SERVER_IDS, type ServerId, type Skipped } from "./results.js";
import { runLoad } from "./run-load.js";
import { cpuPerUnit, type Scenario } from "./scenarios.js";
import { startServer, type RunningServer } from "./start-server.js";
import { quantile, summarize } from "./stats.js";

/** A server to compare: how to start it (it prints "listening on <port>"). */
export interface ServerSpec {
  label: string;
  command: string;
  args: string[];
}

export interface CompareSettings {
  scenario: Scenario;
  rounds: number;
  /** One measured run per server per round, after its own short warm-up. */
  durationMs: number;
  warmupMs: number;
  /** Longest one download may take. */
  downloadLimitMs: number;
}

/** One server's runs, in round order. */
export interface CompareRow {
  label: string;
  values: number[];
  /** The server's CPU per unit of work in each run (empty where /proc is missing). */
  cpuPerUnit: number[];
}

/** The bench's servers that Node runs, and so take {@link resolveServer}'s Node flags. */
const NODE_SERVERS: readonly ServerId[] = ["polyrpc", "grpc-js"];

/**
 * A server by the bench's id (polyrpc, grpc-js, grpcio-sync, grpcio-aio, polyrpc-py-sync, polyrpc-py-aio,
 * grpc-go), or a server script that
 * prints "listening on <port>": a `.js` file run by this Node (say another worktree's
 * bench/dist/servers/polyrpc-server.js, to compare two versions of the bridge) or a `.py` file run by
 * `python`. Servers run by Node get `nodeFlags` before the script. Throws an error naming the value when
 * it is neither.
 */
export function resolveServer(
  spec: string,
  commands: Record<ServerId, { command: string; args: string[] } | Skipped>,
  python: string,
  nodeFlags: readonly string[] = [],
): ServerSpec {
  if ((SERVER_IDS as readonly string[]).includes(spec)) {
    const c = commands[spec as ServerId];
    if ("skipped" in c) throw new Error(`server ${spec} cannot run here: ${c.skipped}`);
    const node = NODE_SERVERS.includes(spec as ServerId);
    return { label: spec, command: c.command, args: node ? [...nodeFlags, ...c.args] : [...c.args] };
  }
  const ext = extname(spec);
  if (ext !== ".js" && ext !== ".py") {
    throw new Error(`unknown server "${spec}": give one of ${SERVER_IDS.join(", ")}, or a .js or .py server script`);
  }
  const path = resolve(spec);
  if (!existsSync(path)) throw new Error(`server script not found: ${path}`);
  return ext === ".js" ? { label: spec, command: process.execPath, args: [...nodeFlags, path] } : { label: spec, command: python, args: [path] };
}

/**
 * The words of `--node-flags` (Node or V8 options for every server Node runs, such as
 * `--initial-old-space-size=64`), split at whitespace. Throws an error naming the word that is not an
 * option: a flag list is no place for a script or a value on its own.
 */
export function parseNodeFlags(raw: string): string[] {
  const flags = raw.split(/\s+/).filter((word) => word !== "");
  if (flags.length === 0) throw new Error(`--node-flags needs at least one option, got "${raw}"`);
  const bad = flags.find((flag) => !/^--?[A-Za-z]/.test(flag));
  if (bad !== undefined) throw new Error(`--node-flags takes Node options, each starting with "-" (--name=value), got "${bad}"`);
  return flags;
}

/**
 * Starts every server once (they stay up, idle, while another is measured: unlike `pnpm bench`, this
 * compares warm servers), then measures them round by round, forwards in odd rounds and backwards in even
 * ones, so that drift in the machine's speed spreads over all of them. Stops every server by pid at the
 * end, also on failure.
 */
export async function compareServers(
  servers: readonly ServerSpec[],
  load: string,
  settings: CompareSettings,
  log: (line: string) => void,
): Promise<CompareRow[]> {
  const running: RunningServer[] = [];
  try {
    for (const s of servers) running.push(await startServer(s.label, s.command, s.args));
    const rows: CompareRow[] = servers.map((s) => ({ label: s.label, values: [], cpuPerUnit: [] }));
    const timing = { runs: 1, warmupMs: settings.warmupMs, durationMs: settings.durationMs, downloadLimitMs: settings.downloadLimitMs };
    const indexes = servers.map((_, i) => i);
    for (let round = 1; round <= settings.rounds; round++) {
      for (const i of round % 2 === 1 ? indexes : [...indexes].reverse()) {
        const server = running[i]!;
        const before = processCpuMs(server.pid);
        const { runs, totalCount } = await runLoad(load, server.target, settings.scenario.args, timing);
        const after = processCpuMs(server.pid);
        const value = runs[0]!.value;
        rows[i]!.values.push(value);
        if (before !== undefined && after !== undefined && totalCount > 0) {
          const ms = after - before;
          rows[i]!.cpuPerUnit.push(cpuPerUnit(settings.scenario, ms, totalCount));
        }
        log(`polyrpc bench compare: round ${round}/${settings.rounds} ${servers[i]!.label}: ${formatNumber(value)} ${settings.scenario.unit}`);
      }
    }
    return rows;
  } finally {
    await Promise.all(running.map((s) => s.stop()));
  }
}

/**
 * The comparison as a markdown table: each server's median with its interquartile range, its ratio to the
 * first server, and the same for its CPU per unit of work; the Node flags the servers ran with, if any.
 */
export function renderComparison(rows: readonly CompareRow[], scenario: Scenario, nodeFlags: readonly string[] = []): string {
  const first = rows[0];
  if (first === undefined || first.values.length === 0) throw new Error("renderComparison needs at least one server with runs");
  const base = summarize(first.values).median;
  const baseCpu = first.cpuPerUnit.length > 0 ? summarize(first.cpuPerUnit).median : undefined;
  const lines = [
    `${scenario.label}: ${first.values.length} interleaved runs per server; median, interquartile range, and ratio to ${first.label}.` +
      (nodeFlags.length > 0 ? ` Servers run by Node had \`${nodeFlags.join(" ")}\`.` : ""),
    "",
    `| server | ${scenario.unit} | q1 – q3 | ÷ ${first.label} | ${scenario.cpuUnit} | CPU ÷ ${first.label} |`,
    "|---|---:|---:|---:|---:|---:|",
  ];
  for (const row of rows) {
    const median = summarize(row.values).median;
    const cpu = row.cpuPerUnit.length > 0 ? summarize(row.cpuPerUnit).median : undefined;
    lines.push(
      `| ${row.label} | ${formatNumber(median)} | ${formatNumber(quantile(row.values, 0.25))} – ${formatNumber(quantile(row.values, 0.75))} | ${formatRatio(median / base)} | ` +
        `${cpu === undefined ? "–" : formatNumber(cpu)} | ${cpu === undefined || baseCpu === undefined ? "–" : formatRatio(cpu / baseCpu)} |`,
    );
  }
  return `${lines.join("\n")}\n`;
}
