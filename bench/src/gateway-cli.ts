// `pnpm bench:gateway [--rounds N] [--seconds S] [--download-mib M] [--gateway-bin PATH]`: only the gateway
// part of `pnpm bench` (run-gateway-bench.ts), in about a minute and without Go; prints its table.
import { parseCliArgs, runCli, UserError } from "@polyrpc/cli-kit";
import { renderGatewayMarkdown } from "./gateway-results.js";
import { GATEWAY_FULL, runGatewayBench } from "./run-gateway-bench.js";

async function main(): Promise<number> {
  const { values } = parseCliArgs(
    {
      options: {
        rounds: { type: "string", default: String(GATEWAY_FULL.rounds) },
        seconds: { type: "string", default: String(GATEWAY_FULL.seconds) },
        "download-mib": { type: "string", default: String(GATEWAY_FULL.downloadMiB) },
        "gateway-bin": { type: "string" },
      },
    },
    { command: "bench:gateway" },
  );
  const number = (name: string, value: string | undefined, integer: boolean): number => {
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n)))
      throw new UserError(`bench:gateway: invalid --${name} ${JSON.stringify(value)}: expected a positive ${integer ? "integer" : "number"}`);
    return n;
  };
  const results = await runGatewayBench(
    {
      rounds: number("rounds", values.rounds, true),
      seconds: number("seconds", values.seconds, false),
      downloadMiB: number("download-mib", values["download-mib"], true),
      ...(values["gateway-bin"] === undefined ? {} : { gatewayBin: values["gateway-bin"] }),
    },
    (line) => process.stderr.write(`${line}\n`),
  );
  process.stdout.write(renderGatewayMarkdown(results));
  return 0;
}

runCli(main, { prog: "polyrpc" }).then((code) => process.exit(code));
