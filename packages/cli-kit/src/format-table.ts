/**
 * Lays out a plain-text table for a terminal: the header, a rule of dashes under each column, then one
 * line per row; columns are as wide as their widest cell and two spaces apart, and trailing spaces are cut.
 * Returns the lines without a final newline, so callers append notes and a summary.
 *
 * @example
 * formatTable(["case", "ts"], [["hello", "✓"]]).join("\n")
 * // case   ts
 * // -----  --
 * // hello  ✓
 */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? "").length)));
  const line = (cells: readonly string[]) =>
    widths
      .map((w, i) => (cells[i] ?? "").padEnd(w))
      .join("  ")
      .trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)];
}
