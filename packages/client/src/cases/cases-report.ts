import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { casesSummary, cellColumn, problemText } from "./cases-table.js";
import type { CasesResult } from "./run-cases.js";

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * Writes `cases-report.json` (the whole {@link CasesResult} plus `generatedAt`) and `cases-report.html`
 * (a self-contained grid of cases by server × client in the interop matrix's style, with every problem
 * listed below it) into `dir`, creating it; resolves to their paths.
 */
export async function writeCasesReport(result: CasesResult, dir: string): Promise<{ json: string; html: string }> {
  await mkdir(dir, { recursive: true });
  const generatedAt = new Date().toISOString();
  const json = join(dir, "cases-report.json");
  const html = join(dir, "cases-report.html");
  await writeFile(json, `${JSON.stringify({ generatedAt, ...result }, null, 2)}\n`);
  await writeFile(html, renderCasesHtml(result, generatedAt));
  return { json, html };
}

/** The HTML page of {@link writeCasesReport}: no scripts, no external files. */
export function renderCasesHtml(result: CasesResult, generatedAt: string): string {
  const rows = [...new Set(result.cells.map((c) => c.case))];
  const columns = [...new Set(result.cells.map(cellColumn))];
  const cell = (row: string, column: string) => {
    const c = result.cells.find((x) => x.case === row && cellColumn(x) === column);
    if (c === undefined) return `<td class="none">-</td>`;
    const title = c.passed ? "" : ` title="${escapeHtml(c.problems.map((p) => problemText(p, result.reference)).join("\n"))}"`;
    return `<td class="${c.passed ? "pass" : "fail"}"${title}>${c.passed ? "pass" : "fail"}<small>${c.outcome.status}, ${c.ms} ms</small></td>`;
  };
  const problems = result.cells
    .filter((c) => !c.passed)
    .flatMap((c) =>
      c.problems.map(
        (p) =>
          `<li class="fail"><b>${escapeHtml(c.case)}</b> [server ${escapeHtml(c.server)}, client ${escapeHtml(c.client)}]: ${escapeHtml(problemText(p, result.reference))}</li>`,
      ),
    )
    .join("\n");
  const title = `polyrpc interop cases: ${result.file}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 2em; color: #222; }
table { border-collapse: collapse; }
th, td { border: 1px solid #ccc; padding: 4px 10px; text-align: left; }
th { background: #f4f4f4; }
td small { display: block; color: #555; font-size: 11px; }
.pass { background: #dff5df; } .fail { background: #f9d6d6; }
li { margin: 4px 0; padding: 2px 6px; }
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p>Generated ${escapeHtml(generatedAt)}. ${escapeHtml(casesSummary(result))}.</p>
${result.notices.map((n) => `<p>${escapeHtml(n)}</p>`).join("\n")}
<table>
<tr><th>case</th>${columns.map((c) => `<th>${escapeHtml(c)}</th>`).join("")}</tr>
${rows.map((row) => `<tr><th>${escapeHtml(row)}</th>${columns.map((c) => cell(row, c)).join("")}</tr>`).join("\n")}
</table>
${problems === "" ? "<p>Every cell passed.</p>" : `<h2>Problems</h2>\n<ul>\n${problems}\n</ul>`}
</body>
</html>
`;
}
