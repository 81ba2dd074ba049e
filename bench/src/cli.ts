// `pnpm bench [--quick] [--out <dir>]`: runs the benchmark and writes the table, results.json and the chart.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseCliArgs, runCli } from "@polyrpc/cli-kit";
import { renderChartSvg } from "./chart-svg.js";
import { renderMarkdown } from "./markdown.js";
import { replaceResultsSection } from "./readme-section.js";
import { FULL, QUICK, runBench } from "./run-bench.js";
import { GATEWAY_FULL, GATEWAY_QUICK, runGatewayBench } from "./run-gateway-bench.js";

const usage = `Usage: pnpm bench [--quick] [--out <dir>]

Runs polyrpc's TypeScript server, raw grpc-js, Python grpcio (sync, grpc.aio) and grpc-go one at a time
under the same Go load, then times polyrpc gen and turbo build, then measures the gRPC-web gateway
against the polyrpc server called directly (also alone: pnpm bench:gateway). Writes results.md, results.json and
results.svg.

Options:
  --quick      short runs (under 2 minutes): a smoke test of the harness, not a measurement
  --out <dir>  where to write (default: bench/ for a full run, which also updates bench/README.md;
               <os tmpdir>/polyrpc-bench-quick for --quick)
  -h, --help   show this help
`;

const benchDir = fileURLToPath(new URL("..", import.meta.url));

async function main(): Promise<number> {
  const { values } = parseCliArgs(
    { options: { quick: { type: "boolean" }, out: { type: "string" }, help: { type: "boolean", short: "h" } } },
    { command: "bench", help: "pnpm bench --help" },
  );
  if (values.help === true) {
    process.stdout.write(usage);
    return 0;
  }
  const settings = values.quick === true ? QUICK : FULL;
  const out = resolve(values.out ?? (settings.mode === "full" ? benchDir : join(tmpdir(), "polyrpc-bench-quick")));
  const started = performance.now();
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const results = await runBench(settings, log);
  // The gateway's scenarios after the servers': it runs its own server and polyrpc-web.
  results.gateway = await runGatewayBench(settings.mode === "quick" ? GATEWAY_QUICK : GATEWAY_FULL, log);
  const markdown = renderMarkdown(results);
  await mkdir(out, { recursive: true });
  await writeFile(join(out, "results.json"), `${JSON.stringify(results, null, 2)}\n`);
  await writeFile(join(out, "results.md"), markdown);
  await writeFile(join(out, "results.svg"), renderChartSvg(results));
  // Only a full run into bench/ is "the latest results" of the README.
  if (settings.mode === "full" && out === resolve(benchDir)) {
    const readme = join(benchDir, "README.md");
    await writeFile(readme, replaceResultsSection(await readFile(readme, "utf8"), `${markdown}\n![ratios to grpc-go](results.svg)\n`));
  }
  process.stdout.write(`${markdown}\n`);
  process.stderr.write(`polyrpc bench: wrote results.md, results.json and results.svg to ${out} in ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
  return 0;
}

// A run that fails (a server that does not answer, a short download) is a bug here or in a server: its stack helps.
runCli(main, { prog: "polyrpc" }).then((code) => process.exit(code));
