import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { problemText } from "./cases-table.js";
import type { CasesResult } from "./run-cases.js";

// biome-ignore lint/suspicious/noControlCharactersInRegex: XML 1.0 forbids these control characters, so they are removed on purpose.
const xml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "");

/**
 * A JUnit XML document of the result: one `<testsuite>` per case file, one `<testcase>` per case ×
 * server × client (name `<case> [server <s>, client <c>]`, classname `polyrpc.interop.<s>.<c>`, time in
 * seconds), with a `<failure>` that lists every problem of a failed cell.
 */
export function renderJunit(result: CasesResult): string {
  const failures = result.cells.filter((c) => !c.passed).length;
  const seconds = (ms: number) => (ms / 1000).toFixed(3);
  const total = result.cells.reduce((sum, c) => sum + c.ms, 0);
  const testcases = result.cells.map((c) => {
    const open = `  <testcase name="${xml(`${c.case} [server ${c.server}, client ${c.client}]`)}" classname="${xml(`polyrpc.interop.${c.server}.${c.client}`)}" time="${seconds(c.ms)}"`;
    if (c.passed) return `${open}/>`;
    const lines = c.problems.map((p) => problemText(p, result.reference));
    return `${open}>\n    <failure message="${xml(lines[0]!)}" type="${xml(c.problems[0]!.kind)}">${xml(lines.join("\n"))}</failure>\n  </testcase>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="polyrpc interop" tests="${result.cells.length}" failures="${failures}" time="${seconds(total)}">
<testsuite name="${xml(result.file)}" tests="${result.cells.length}" failures="${failures}" errors="0" skipped="0" time="${seconds(total)}">
${testcases.join("\n")}
</testsuite>
</testsuites>
`;
}

/** Writes {@link renderJunit}'s document to `file`, creating its folder. */
export async function writeJunit(result: CasesResult, file: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, renderJunit(result));
}
