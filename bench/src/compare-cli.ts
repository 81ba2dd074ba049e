// `pnpm bench:compare [options] <server> <server>...`: see compare.ts.
import { asUserError, parseCliArgs, runCli, UserError } from "@polyrpc/cli-kit";
import { findGo } from "@polyrpc/devkit";
import { compareServers, parseNodeFlags, renderComparison, resolveServer } from "./compare.js";
import { ensureBenchGoBinaries, GO_NOT_FOUND } from "./go-binaries.js";
import { SERVER_IDS } from "./results.js";
import { FULL, pythonPath, serverCommands } from "./run-bench.js";
import { scenarios } from "./scenarios.js";

// The upload scenario measures clients, not servers: pnpm bench runs it.
const SCENARIOS = scenarios(FULL.downloadBytes).filter((s) => s.upload === undefined);

const usage = `Usage: pnpm bench:compare [options] <server> <server>...

Starts the servers once, then measures them in turn under one scenario of the Go load, round after round
(forwards, then backwards), and prints each server's median, interquartile range and CPU per unit of work,
as ratios to the first server. For A/B questions a full \`pnpm bench\` answers too coarsely, such as two
versions of the bridge: pass another worktree's bench/dist/servers/polyrpc-server.js.

A server is one of ${SERVER_IDS.join(", ")}, or a .js (run by Node)
or .py (run by the repository's .venv) script that prints "listening on <port>".

Options:
  --scenario <id>  ${SCENARIOS.map((s) => s.id).join(", ")} (default: pingpong)
  --rounds <n>     rounds, 1 to 1000 (default: 12)
  --seconds <s>    length of one measured run, 0.1 to 60 (default: 1)
  --node-flags=<f> Node or V8 options for every server Node runs, in one argument (with "="), e.g.
                   --node-flags=--initial-old-space-size=64 (bench/NOTES.md, fifth round)
  -h, --help       show this help
`;

/** A number option within bounds, or an error naming the option and the value. */
function numberOption(name: string, raw: string | undefined, fallback: number, min: number, max: number, integer: boolean): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
    throw new UserError(`--${name} must be ${integer ? "an integer" : "a number"} from ${min} to ${max}, got "${raw}"`);
  }
  return n;
}

async function main(): Promise<number> {
  const { values, positionals } = parseCliArgs(
    {
      allowPositionals: true,
      options: {
        scenario: { type: "string" },
        rounds: { type: "string" },
        seconds: { type: "string" },
        "node-flags": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    },
    { help: "pnpm bench:compare --help" },
  );
  if (values.help === true) {
    process.stdout.write(usage);
    return 0;
  }
  const scenario = SCENARIOS.find((s) => s.id === (values.scenario ?? "pingpong"));
  if (scenario === undefined) throw new UserError(`unknown scenario "${values.scenario}": one of ${SCENARIOS.map((s) => s.id).join(", ")}`);
  const rounds = numberOption("rounds", values.rounds, 12, 1, 1000, true);
  const seconds = numberOption("seconds", values.seconds, 1, 0.1, 60, false);
  // parseNodeFlags and resolveServer throw plain errors about the given text; here they are the user's.
  const nodeFlags = values["node-flags"] === undefined ? [] : asUserError(() => parseNodeFlags(values["node-flags"]!));
  if (positionals.length < 2) throw new UserError(`give at least two servers to compare, got ${positionals.length}`);
  if (findGo() === undefined) throw new UserError(GO_NOT_FOUND);
  const go = await ensureBenchGoBinaries();
  const commands = serverCommands(go.server);
  const servers = asUserError(() => positionals.map((p) => resolveServer(p, commands, pythonPath(), nodeFlags)));
  // A comparison fails on what the user chose to run (a server that refuses its Node flags, a port
  // taken, a peer that dies): that is exit 1 with the servers' own message, not a polyrpc bug.
  const rows = await compareServers(
    servers,
    go.load,
    { scenario, rounds, durationMs: seconds * 1000, warmupMs: 300, downloadLimitMs: FULL.load.downloadLimitMs },
    (line) => process.stderr.write(`${line}\n`),
  ).catch((error: unknown) => {
    throw new UserError(`bench compare failed: ${(error as Error).message}`, { cause: error });
  });
  process.stdout.write(renderComparison(rows, scenario, nodeFlags));
  return 0;
}

runCli(main, { prog: "polyrpc" }).then((code) => process.exit(code));
