import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { CellResult } from "./cell-result.js";
import { renderHtml } from "./html-report.js";

/** Writes `report.json` and `report.html` into `dir`; returns their paths. */
export async function writeReport(results: readonly CellResult[], dir: string): Promise<{ json: string; html: string }> {
  await mkdir(dir, { recursive: true });
  const generatedAt = new Date().toISOString();
  const json = join(dir, "report.json");
  const html = join(dir, "report.html");
  await writeFile(json, `${JSON.stringify({ generatedAt, results }, null, 2)}\n`);
  await writeFile(html, renderHtml(results, { generatedAt, title: "polyrpc interop report" }));
  return { json, html };
}
