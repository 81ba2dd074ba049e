// The latest interop report (interop/report/report.json, written by ./dev.sh main) as its matrix.
import { h, section } from "../dom.js";

interface CellResult {
  row: string;
  column: string;
  status: "pass" | "fail" | "known-failure" | "skipped";
  ms: number;
  detail?: string;
}

/** Mounts the interop matrix view; loads the report each time the view is shown. */
export function mountInteropReport(parent: HTMLElement): () => Promise<void> {
  const { root, error } = section("Interop matrix", "interop");
  const summary = h("p", { "data-testid": "interop-summary" });
  const table = h("table", { "data-testid": "interop-table" });
  root.append(summary, h("div", { class: "table-scroll" }, table));
  parent.append(root);
  return async () => {
    error.textContent = "";
    const response = await fetch("/report.json", { cache: "no-store" });
    if (response.status === 204) {
      table.replaceChildren();
      summary.textContent = "no interop report yet: run ./dev.sh main";
      return;
    }
    if (!response.ok) {
      table.replaceChildren();
      error.textContent = `cannot load /report.json: HTTP ${response.status}`;
      return;
    }
    const report = (await response.json()) as { generatedAt: string; results: CellResult[] };
    const columns = [...new Set(report.results.map((r) => r.column))];
    const rows = [...new Set(report.results.map((r) => r.row))];
    const cell = new Map(report.results.map((r) => [`${r.row}\u0000${r.column}`, r]));
    const counts: Record<string, number> = {};
    for (const r of report.results) counts[r.status] = (counts[r.status] ?? 0) + 1;
    summary.textContent = `generated ${report.generatedAt}: ${Object.entries(counts)
      .map(([s, n]) => `${n} ${s}`)
      .join(", ")}`;
    table.replaceChildren(
      h("thead", {}, h("tr", {}, h("th", { text: "case" }), ...columns.map((c) => h("th", { text: c })))),
      h(
        "tbody",
        {},
        ...rows.map((row) =>
          h(
            "tr",
            {},
            h("td", { text: row }),
            ...columns.map((column) => {
              const r = cell.get(`${row}\u0000${column}`);
              return r === undefined ? h("td", { text: "" }) : h("td", { class: r.status, title: r.detail ?? "", text: `${r.status} ${r.ms} ms` });
            }),
          ),
        ),
      ),
    );
  };
}
