import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { cpus, loadavg, platform, release, totalmem } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { findGo, repoRoot } from "@polyrpc/devkit";
import { GO_NOT_FOUND, ensureBenchGoBinaries } from "./go-binaries.js";
import { processCpuMs } from "./process-cpu.js";
import { scenarioResult, SERVER_IDS, SERVER_LABELS, type BenchResults, type RunSample, type ServerId, type Skipped } from "./results.js";
import { loadTimeoutMs, runLoad, type LoadTiming } from "./run-load.js";
import { schedule } from "./schedule.js";
import { cpuPerUnit, scenarios, UPLOAD_CLIENTS, UPLOAD_SKIPPED } from "./scenarios.js";
import { runUpload } from "./run-upload.js";
import { startServer, type RunningServer } from "./start-server.js";
import { timeBuild, timeCodegen } from "./tool-timings.js";

/** How much a run measures. */
export interface BenchSettings {
  mode: "quick" | "full";
  /** Rounds over all scenarios and servers (see schedule.ts); every measurement starts its server afresh. */
  passes: number;
  load: LoadTiming;
  /** Bytes per download run. */
  downloadBytes: number;
  codegenRuns: number;
  buildRuns: number;
}

/** `pnpm bench`: several minutes. */
export const FULL: BenchSettings = {
  mode: "full",
  // Five passes of one run rather than three of two: the same measuring time, but the runs a ratio
  // compares are interleaved more finely, and the per-pass ratios show their own spread.
  passes: 5,
  load: { runs: 1, warmupMs: 1000, durationMs: 2000, downloadLimitMs: 20_000 },
  downloadBytes: 256 * 1024 * 1024,
  codegenRuns: 3,
  buildRuns: 1,
};

/** `pnpm bench --quick`: every code path once, in well under two minutes; a smoke test, not a measurement. */
export const QUICK: BenchSettings = {
  mode: "quick",
  passes: 1,
  load: { runs: 2, warmupMs: 100, durationMs: 300, downloadLimitMs: 3000 },
  downloadBytes: 8 * 1024 * 1024,
  codegenRuns: 1,
  buildRuns: 1,
};

const distDir = fileURLToPath(new URL(".", import.meta.url));
const benchDir = fileURLToPath(new URL("..", import.meta.url));

/** Where the Python servers' interpreter is: $POLYRPC_PYTHON, else the repository's .venv. */
export function pythonPath(): string {
  return process.env["POLYRPC_PYTHON"] ?? join(repoRoot, ".venv", "bin", "python");
}

function version(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { encoding: "utf8", timeout: 10_000 }).trim().split("\n")[0] ?? "unknown";
  } catch {
    return "not found";
  }
}

/** How to start each server (each prints "listening on <port>"), or why it cannot run here. */
export function serverCommands(goServer: string | undefined): Record<ServerId, { command: string; args: string[] } | Skipped> {
  const python = pythonPath();
  const noPython = { skipped: `no Python at ${python}: run ./dev.sh (or set POLYRPC_PYTHON) for the grpcio servers` };
  const script = join(benchDir, "python", "bench_server.py");
  return {
    polyrpc: { command: process.execPath, args: [join(distDir, "servers", "polyrpc-server.js")] },
    "grpc-js": { command: process.execPath, args: [join(distDir, "servers", "grpc-js-server.js")] },
    "connect-node": { command: process.execPath, args: [join(distDir, "servers", "connect-node-server.js")] },
    "grpcio-sync": existsSync(python) ? { command: python, args: [script, "--mode", "sync"] } : noPython,
    "grpcio-aio": existsSync(python) ? { command: python, args: [script, "--mode", "aio"] } : noPython,
    "polyrpc-py-sync": existsSync(python) ? { command: python, args: [script, "--mode", "polyrpc-sync"] } : noPython,
    "polyrpc-py-aio": existsSync(python) ? { command: python, args: [script, "--mode", "polyrpc-aio"] } : noPython,
    "grpc-go": goServer !== undefined ? { command: goServer, args: [] } : { skipped: GO_NOT_FOUND },
  };
}

/**
 * Runs the benchmark: every server alone (127.0.0.1, port 0) under the same Go load, started afresh for
 * each scenario of each pass, in the order of {@link schedule}; then the tool timings. Without Go, the server comparisons are skipped with the reason
 * and the tool timings still run. `log` gets progress lines.
 */
export async function runBench(settings: BenchSettings, log: (line: string) => void): Promise<BenchResults> {
  const date = new Date().toISOString();
  const machine = {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model.trim() ?? "unknown",
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: `${platform()} ${release()}`,
    node: process.versions.node,
    go: findGo() === undefined ? "no Go" : version("go", ["version"]).replace(/^go version /, ""),
    python: version(pythonPath(), ["--version"]),
    loadAverage: loadavg()
      .map((l) => l.toFixed(2))
      .join(" "),
  };
  const list = scenarios(settings.downloadBytes);
  const skipped: BenchResults["skipped"] = {};
  const samples = new Map<string, Partial<Record<ServerId, RunSample[] | Skipped>>>(list.map((s) => [s.id, {}]));

  let go: Awaited<ReturnType<typeof ensureBenchGoBinaries>> | undefined;
  if (findGo() === undefined) {
    log(`polyrpc bench: server comparisons skipped: ${GO_NOT_FOUND}`);
    for (const id of SERVER_IDS) skipped[id] = GO_NOT_FOUND;
  } else {
    go = await ensureBenchGoBinaries();
    log(`polyrpc bench: Go binaries ${go.built ? `built in ${(go.ms / 1000).toFixed(1)} s` : "from the cache"}`);
    const commands = serverCommands(go.server);
    for (const id of SERVER_IDS) {
      const c = commands[id];
      if ("skipped" in c) {
        skipped[id] = c.skipped;
        log(`polyrpc bench: ${SERVER_LABELS[id]} skipped: ${c.skipped}`);
      }
    }
    const measured = SERVER_IDS.filter((id) => !("skipped" in commands[id]));
    const uploadClients: readonly string[] = UPLOAD_CLIENTS;
    for (const scenario of list) {
      if (scenario.upload === undefined) continue;
      for (const id of measured) if (!uploadClients.includes(id)) samples.get(scenario.id)![id] = { skipped: UPLOAD_SKIPPED };
    }
    for (const { pass, scenario, server: id } of schedule(settings.passes, list, measured)) {
      if (scenario.upload !== undefined) {
        if (!uploadClients.includes(id)) continue;
        // A fresh grpc-go server for every upload, as for every other measurement.
        let server: RunningServer | undefined;
        try {
          server = await startServer(SERVER_LABELS["grpc-go"], go.server, [], { cwd: repoRoot });
          const runs: RunSample[] = [];
          for (let i = 0; i < settings.load.runs; i++) {
            const run = await runUpload(id as (typeof UPLOAD_CLIENTS)[number], server.target, scenario.upload, loadTimeoutMs(settings.load));
            runs.push({ value: run.mibPerSecond, cpuPerUnit: run.cpuMsPerMiB, pass });
          }
          const perServer = samples.get(scenario.id)!;
          const previous = perServer[id];
          perServer[id] = [...(Array.isArray(previous) ? previous : []), ...runs];
          log(
            `polyrpc bench: pass ${pass}/${settings.passes} ${scenario.label}: ${SERVER_LABELS[id]}: ${runs.map((r) => r.value.toFixed(1)).join(", ")} ${scenario.unit}`,
          );
        } finally {
          await server?.stop();
        }
        continue;
      }
      const c = commands[id] as { command: string; args: string[] };
      // A fresh process for every measurement: no scenario inherits another's heap, JIT or connections.
      let server: RunningServer | undefined;
      try {
        server = await startServer(SERVER_LABELS[id], c.command, c.args, { cwd: repoRoot });
        const cpuBefore = processCpuMs(server.pid);
        const { runs, totalCount } = await runLoad(go.load, server.target, scenario.args, settings.load).catch((error: unknown) => {
          throw new Error(`${SERVER_LABELS[id]}, ${scenario.label}: ${(error as Error).message}\nserver output:\n${server?.log().trim() ?? ""}`);
        });
        const cpuAfter = processCpuMs(server.pid);
        // CPU per unit over the whole load call (warm-up included, as in totalCount).
        const cpuMs = cpuBefore !== undefined && cpuAfter !== undefined && totalCount > 0 ? cpuAfter - cpuBefore : undefined;
        const cpu = cpuMs === undefined ? undefined : cpuPerUnit(scenario, cpuMs, totalCount);
        const perServer = samples.get(scenario.id)!;
        const previous = perServer[id];
        const mapped = runs.map((r) => ({
          value: r.value,
          ...(r.p50_ms !== undefined ? { p50Ms: r.p50_ms } : {}),
          ...(r.p99_ms !== undefined ? { p99Ms: r.p99_ms } : {}),
          ...(r.truncated === true ? { truncated: true } : {}),
          ...(cpu !== undefined ? { cpuPerUnit: cpu } : {}),
          pass,
        }));
        perServer[id] = [...(Array.isArray(previous) ? previous : []), ...mapped];
        log(
          `polyrpc bench: pass ${pass}/${settings.passes} ${scenario.label}: ${SERVER_LABELS[id]}: ${runs.map((r) => r.value.toFixed(1)).join(", ")} ${scenario.unit}`,
        );
      } finally {
        await server?.stop();
      }
    }
  }
  for (const [id, reason] of Object.entries(skipped)) {
    for (const perServer of samples.values()) perServer[id as ServerId] = { skipped: reason };
  }

  const tools: BenchResults["tools"] = [];
  log("polyrpc bench: timing polyrpc gen");
  tools.push(await timeCodegen(settings.codegenRuns));
  log("polyrpc bench: timing turbo build, cold and cached, in a temporary copy of the workspace");
  tools.push(...(await timeBuild(settings.buildRuns)));

  return {
    date,
    mode: settings.mode,
    machine,
    settings: {
      passes: settings.passes,
      runsPerPass: settings.load.runs,
      warmupMs: settings.load.warmupMs,
      durationMs: settings.load.durationMs,
      downloadLimitMs: settings.load.downloadLimitMs,
      downloadBytes: settings.downloadBytes,
      payloadBytes: 32,
      codegenRuns: settings.codegenRuns,
      buildRuns: settings.buildRuns,
    },
    skipped,
    scenarios: list.map((s) => scenarioResult(s, samples.get(s.id)!)),
    tools,
  };
}
