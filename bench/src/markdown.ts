import { isFigure, SERVER_IDS, SERVER_LABELS, type BenchResults, type ServerId } from "./results.js";
import { renderGatewayMarkdown } from "./gateway-results.js";

/** 12,345 for big numbers, three significant digits for small ones. */
export function formatNumber(n: number): string {
  if (Math.abs(n) >= 1000) return Math.round(n).toLocaleString("en-US");
  return Number(n.toPrecision(3)).toString();
}

/** 0.97× */
export function formatRatio(r: number | null): string {
  return r === null ? "–" : `${r.toFixed(2)}×`;
}

/** polyrpc ÷ raw grpc-js: the ratio of the medians, with the range of the per-pass ratios when there are several. */
export function formatBridgeRatio(ratio: number | null, passRatios: readonly number[] | undefined): string {
  if (ratio === null || passRatios === undefined || passRatios.length < 2) return formatRatio(ratio);
  return `${formatRatio(ratio)} (passes ${Math.min(...passRatios).toFixed(2)}–${Math.max(...passRatios).toFixed(2)})`;
}

/**
 * The results as markdown: the figures (median ± spread, p50/p99 where measured), the ratios (each server
 * against grpc-go, polyrpc against raw grpc-js: the bridge's cost) and the tool timings.
 */
export function renderMarkdown(results: BenchResults): string {
  const lines: string[] = [];
  const m = results.machine;
  lines.push(
    `Run of ${results.date} (${results.mode === "quick" ? "`pnpm bench --quick`: short runs, a smoke test, not a measurement" : "`pnpm bench`"}) ` +
      `on ${m["cpus"]}× ${m["cpuModel"]}, ${m["os"]}, Node ${m["node"]}, ${m["go"]}, ${m["python"]}; load average ${m["loadAverage"]} at the start.`,
  );
  lines.push("");
  const skipped = Object.entries(results.skipped);
  for (const [id, reason] of skipped) lines.push(`- ${SERVER_LABELS[id as ServerId]} skipped: ${reason}`);
  if (skipped.length > 0) lines.push("");

  const measured = SERVER_IDS.filter((id) => results.skipped[id] === undefined);
  if (measured.length > 0) {
    lines.push(
      "Figures: median of the runs ± spread ((max − min) / median); latencies are the medians of each run's p50 and p99; " +
        "CPU is the server process's own CPU time per call, round trip or MiB (user + system, all threads, warm-up included); " +
        "in the upload row, figures and CPU are the client's (each TypeScript client uploading to grpc-go's server).",
      "",
    );
    lines.push(`| scenario | ${measured.map((id) => SERVER_LABELS[id]).join(" | ")} |`);
    lines.push(`|---|${measured.map(() => "---:").join("|")}|`);
    for (const s of results.scenarios) {
      const cells = measured.map((id) => {
        const f = s.servers[id];
        if (!isFigure(f)) return f === undefined ? "–" : `skipped: ${f.skipped}`;
        let cell = `${formatNumber(f.median)} ±${Math.round(f.spreadPct)}%${f.truncated === true ? " (cut at the time limit)" : ""}`;
        if (f.p50Ms !== undefined && f.p99Ms !== undefined) cell += `<br>p50 ${formatNumber(f.p50Ms)} / p99 ${formatNumber(f.p99Ms)} ms`;
        if (f.cpuPerUnit !== undefined) cell += `<br>${formatNumber(f.cpuPerUnit)} ${s.cpuUnit}`;
        return cell;
      });
      lines.push(`| ${s.label} (${s.unit}) | ${cells.join(" | ")} |`);
    }
    lines.push("");
    const others = measured.filter((id) => id !== "grpc-go");
    lines.push("Ratios of the medians, measured in the same run (higher is faster); for the bridge also the lowest and highest ratio of a single pass:", "");
    lines.push(
      `| scenario | polyrpc ÷ raw grpc-js | polyrpc ÷ raw grpc-js, CPU per unit (lower is leaner) | ${others.map((id) => `${SERVER_LABELS[id]} ÷ grpc-go`).join(" | ")} |`,
    );
    lines.push(`|---|---:|---:|${others.map(() => "---:").join("|")}|`);
    for (const s of results.scenarios) {
      const poly = s.servers.polyrpc;
      const bridge = isFigure(poly) ? formatBridgeRatio(poly.ratioToGrpcJs, poly.passRatiosToGrpcJs) : "–";
      const bridgeCpu = isFigure(poly) ? formatRatio(poly.cpuRatioToGrpcJs ?? null) : "–";
      const cells = others.map((id) => {
        const f = s.servers[id];
        return isFigure(f) ? formatRatio(f.ratioToGrpcGo) : "–";
      });
      lines.push(`| ${s.label} | ${bridge} | ${bridgeCpu} | ${cells.join(" | ")} |`);
    }
    lines.push("");
  }

  lines.push("| tool timing | median | min – max | runs |", "|---|---:|---:|---:|");
  for (const t of results.tools) {
    if ("skipped" in t) lines.push(`| ${t.label} | skipped: ${t.skipped} | | |`);
    else lines.push(`| ${t.label} | ${formatNumber(t.median)} s | ${formatNumber(t.min)} – ${formatNumber(t.max)} s | ${t.runs.length} |`);
  }
  lines.push("");
  if (results.gateway !== undefined)
    lines.push(
      "The gRPC-web gateway (`@polyrpc/web`), against the polyrpc server called directly; goal >= 0.7x on unary, >= 0.8x on the download:",
      "",
      renderGatewayMarkdown(results.gateway),
    );
  return lines.join("\n");
}
