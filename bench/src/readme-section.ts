/** The markers around the generated "latest results" section of bench/README.md. */
export const RESULTS_START = "<!-- bench:results:start (written by `pnpm bench`; do not edit) -->";
export const RESULTS_END = "<!-- bench:results:end -->";

/** Replaces the text between the markers with `section`; throws when the markers are missing or out of order. */
export function replaceResultsSection(readme: string, section: string): string {
  const start = readme.indexOf(RESULTS_START);
  const end = readme.indexOf(RESULTS_END);
  if (start === -1 || end === -1 || end < start) {
    throw new Error(`bench/README.md lacks the results markers ${RESULTS_START} … ${RESULTS_END}`);
  }
  return `${readme.slice(0, start + RESULTS_START.length)}\n${section.trim()}\n${readme.slice(end)}`;
}
