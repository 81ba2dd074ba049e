import type { CellResult } from "./cell-result.js";

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * A self-contained HTML page of the results (no scripts, no external files): a grid of cases by pairings,
 * coloured by status, with timings and, on hover and below the grid, the details of every non-pass.
 */
export function renderHtml(results: readonly CellResult[], meta: { generatedAt: string; title: string }): string {
  const rows = [...new Set(results.map((r) => r.row))];
  const columns = [...new Set(results.map((r) => r.column))];
  const cell = (row: string, column: string) => {
    const r = results.find((x) => x.row === row && x.column === column);
    if (r === undefined) return `<td class="none">-</td>`;
    const title = r.detail === undefined ? "" : ` title="${escapeHtml(r.detail)}"`;
    return `<td class="${r.status}"${title}>${r.status === "known-failure" ? "known" : r.status}<small>${r.ms} ms</small></td>`;
  };
  const counts = ["pass", "fail", "known-failure", "skipped"].map((s) => `${results.filter((r) => r.status === s).length} ${s}`).join(", ");
  const details = results
    .filter((r) => r.status !== "pass")
    .map((r) => `<li class="${r.status}"><b>${escapeHtml(r.row)}</b> [${escapeHtml(r.column)}]: ${escapeHtml(r.detail ?? "")}</li>`)
    .join("\n");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(meta.title)}</title>
<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 2em; color: #222; }
table { border-collapse: collapse; }
th, td { border: 1px solid #ccc; padding: 4px 10px; text-align: left; }
th { background: #f4f4f4; }
td small { display: block; color: #555; font-size: 11px; }
.pass { background: #dff5df; } .fail { background: #f9d6d6; } .known-failure { background: #fbeec8; } .skipped { background: #eee; }
li { margin: 4px 0; padding: 2px 6px; }
</style>
</head>
<body>
<h1>${escapeHtml(meta.title)}</h1>
<p>Generated ${escapeHtml(meta.generatedAt)}. ${escapeHtml(counts)}.</p>
<table>
<tr><th>case</th>${columns.map((c) => `<th>${escapeHtml(c)}</th>`).join("")}</tr>
${rows.map((row) => `<tr><th>${escapeHtml(row)}</th>${columns.map((c) => cell(row, c)).join("")}</tr>`).join("\n")}
</table>
${details === "" ? "<p>Every cell passed.</p>" : `<h2>Details</h2>\n<ul>\n${details}\n</ul>`}
</body>
</html>
`;
}
