import { fileURLToPath } from "node:url";
import { parseCliArgs, runCli, UserError } from "@polyrpc/cli-kit";
import { fidelityColumns, loadFidelityCases, runFidelity } from "./matrix/run-fidelity.js";
import { matrixCases, matrixColumns, runMatrix } from "./matrix/run-matrix.js";
import { runOfficial } from "./official/run-official.js";
import { applyKnownFailures, loadKnownFailures } from "./report/known-failures.js";
import type { CellResult } from "./report/cell-result.js";
import { renderTable } from "./report/terminal-table.js";
import { writeReport } from "./report/write-report.js";

const help = `Usage: pnpm interop [options]

Starts the TypeScript, the Python (grpcio) and the asyncio Python (grpc.aio) seed servers on 127.0.0.1
(port 0), runs every case of interop/CASES.md in the twelve server/client pairings (ts, py and py-aio
servers; ts, py, ts-classic and py-aio clients), the fidelity cases of interop/cases/fidelity.yaml through the
case runner in six (ts, py and py-aio servers; its ts and py clients),
then the official gRPC interop cases against grpc-go (skipped when Go is absent), prints the table and writes interop/report/report.{json,html}.
Exits 1 if any cell failed (known failures do not count).

Options:
  --case <name>     run only this matrix or fidelity case (repeatable)
  --no-official     skip the official gRPC interop cases
  --out <dir>       where to write the report (default interop/report)
  -h, --help        show this help
`;

const interopDir = fileURLToPath(new URL("../", import.meta.url));

/**
 * Runs the interop suite; resolves to the exit code (1 if a cell failed). A bad option or case prints
 * `polyrpc: interop: <message>` and gives 1; a bug in the suite prints its stack and gives 2.
 */
export function main(argv: readonly string[]): Promise<number> {
  return runCli(() => runSuite(argv), { prog: "polyrpc" });
}

async function runSuite(argv: readonly string[]): Promise<number> {
  const { values } = parseCliArgs(
    {
      args: [...argv],
      options: {
        case: { type: "string", multiple: true },
        "no-official": { type: "boolean" },
        out: { type: "string", default: `${interopDir}report` },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
    },
    { command: "interop", help: "pnpm interop --help" },
  );
  if (values.help === true) {
    process.stdout.write(help);
    return 0;
  }
  // A bad case file is a user error naming the file and the case (the runner's parser throws it).
  const fidelityCases = (await loadFidelityCases()).cases.map((c) => c.name);
  const asked = values.case ?? [...matrixCases, ...fidelityCases];
  const unknown = asked.filter((c) => !matrixCases.includes(c) && !fidelityCases.includes(c));
  if (unknown.length > 0) {
    throw new UserError(
      `interop: unknown case ${unknown.join(", ")}; cases are ${matrixCases.join(", ")} and the fidelity.* cases of interop/cases/fidelity.yaml`,
    );
  }
  const cases = asked.filter((c) => matrixCases.includes(c));
  const fidelity = asked.filter((c) => fidelityCases.includes(c));
  const started = performance.now();
  const known = await loadKnownFailures(`${interopDir}known-failures/matrix.txt`, { columns: matrixColumns, rows: matrixCases });
  const knownFidelity = await loadKnownFailures(`${interopDir}known-failures/fidelity.txt`, { columns: fidelityColumns, rows: fidelityCases });
  let results: CellResult[] = cases.length > 0 ? applyKnownFailures(await runMatrix(cases), known) : [];
  if (fidelity.length > 0) results = results.concat(applyKnownFailures(await runFidelity(fidelity), knownFidelity));
  // The official cases are part of the suite; without Go they report themselves as skipped, with the reason.
  if (values["no-official"] !== true && values.case === undefined) results = results.concat(await runOfficial());
  const { html } = await writeReport(results, values.out);
  process.stdout.write(`${renderTable(results)}\n`);
  process.stdout.write(`interop: HTML report: ${html} (${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
  return results.some((r) => r.status === "fail") ? 1 : 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
