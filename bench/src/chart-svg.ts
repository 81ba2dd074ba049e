import { isFigure, SERVER_IDS, SERVER_LABELS, type BenchResults, type ServerId } from "./results.js";

const COLORS: Record<ServerId, string> = {
  polyrpc: "#2563eb",
  "grpc-js": "#16a34a",
  "connect-node": "#9333ea",
  "grpcio-sync": "#ca8a04",
  "grpcio-aio": "#ea580c",
  "polyrpc-py-sync": "#7c3aed",
  "polyrpc-py-aio": "#db2777",
  "grpc-go": "#6b7280",
};

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/**
 * A grouped horizontal bar chart of every server's ratio to grpc-go, one group per scenario, with a line
 * at 1.0 (grpc-go). Plain SVG with no script or external font, so it renders the same everywhere.
 * Returns a chart that says so when nothing was measured.
 */
export function renderChartSvg(results: BenchResults): string {
  const servers = SERVER_IDS.filter((id) => results.skipped[id] === undefined);
  // Client scenarios (the upload) have no grpc-go figure to be a ratio of.
  const rows = results.scenarios
    .filter((s) => s.client !== true)
    .map((s) => ({
      label: `${s.label} (${s.unit})`,
      bars: servers.map((id) => {
        const f = s.servers[id];
        return { id, ratio: isFigure(f) ? f.ratioToGrpcGo : null };
      }),
    }));
  const maxRatio = Math.max(1, ...rows.flatMap((r) => r.bars.map((b) => b.ratio ?? 0)));
  const barH = 14;
  const gap = 3;
  // Scenario labels go above their group of bars, server names to the left of each bar.
  const labelW = 110;
  const plotW = 560;
  const top = 56;
  const groupH = servers.length * (barH + gap) + 30;
  const height = top + Math.max(1, rows.length) * groupH + 20;
  const width = labelW + plotW + 80;
  const x = (ratio: number) => labelW + (ratio / maxRatio) * plotW;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
  );
  out.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  out.push(`<text x="10" y="20" font-size="15" font-weight="bold">Throughput relative to grpc-go (1.0 = grpc-go; higher is faster)</text>`);
  out.push(
    `<text x="${width - 10}" y="20" text-anchor="end" fill="#555">${escapeXml(`${results.mode === "quick" ? "quick smoke run, " : ""}${results.date}`)}</text>`,
  );
  let legendX = 10;
  for (const id of servers) {
    out.push(`<rect x="${legendX}" y="28" width="10" height="10" fill="${COLORS[id]}"/>`);
    out.push(`<text x="${legendX + 14}" y="37">${escapeXml(SERVER_LABELS[id])}</text>`);
    legendX += 16 + SERVER_LABELS[id].length * 7;
  }
  if (rows.length === 0 || servers.length === 0) {
    out.push(`<text x="10" y="${top + 20}">No server was measured (see results.json for why).</text>`);
  }
  rows.forEach((row, i) => {
    const y0 = top + i * groupH;
    out.push(`<text x="10" y="${y0 + 14}" font-weight="bold">${escapeXml(row.label)}</text>`);
    row.bars.forEach((bar, j) => {
      const y = y0 + 20 + j * (barH + gap);
      out.push(`<text x="${labelW - 6}" y="${y + barH - 3}" text-anchor="end" fill="#444">${escapeXml(SERVER_LABELS[bar.id])}</text>`);
      if (bar.ratio === null) {
        out.push(`<text x="${labelW + 4}" y="${y + barH - 3}" fill="#999">not measured</text>`);
        return;
      }
      out.push(
        `<rect class="bar" data-server="${bar.id}" x="${labelW}" y="${y}" width="${(x(bar.ratio) - labelW).toFixed(1)}" height="${barH}" fill="${COLORS[bar.id]}"/>`,
      );
      out.push(`<text x="${(x(bar.ratio) + 4).toFixed(1)}" y="${y + barH - 3}">${bar.ratio.toFixed(2)}</text>`);
    });
  });
  out.push(`<line x1="${x(1).toFixed(1)}" y1="${top - 4}" x2="${x(1).toFixed(1)}" y2="${height - 16}" stroke="#111" stroke-dasharray="4 3"/>`);
  out.push(`<text x="${(x(1) - 10).toFixed(1)}" y="${height - 4}">1.0</text>`);
  out.push("</svg>");
  return `${out.join("\n")}\n`;
}
