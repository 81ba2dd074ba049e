import type { CommandIo } from "../io.js";
import { integerOption, parseCommandArgs, stringOption, type CommandArgs } from "../parse-command-args.js";
import { createSeedClients } from "../seed-clients.js";
import { UserError } from "@polyrpc/cli-kit";
import { contactDemo } from "./contact.js";
import { DEMO_CALL_TIMEOUT_MS, type Demo, type DemoOption } from "./demo.js";
import { firstMsgDemo } from "./first-msg.js";
import { greeterDemo } from "./greeter.js";
import { indicatorGraphDemo } from "./indicator-graph.js";
import { indicatorDemo } from "./indicator.js";
import { routeGuideDemo } from "./route-guide.js";

/** Every demo, in the order the help lists them. */
export const demos: readonly Demo[] = [greeterDemo, firstMsgDemo, routeGuideDemo, contactDemo, indicatorDemo, indicatorGraphDemo];

/** The seed's defaults for the options that have one. */
const DEFAULTS = { rounds: 1, startDate: "2023-01-01", endDate: "2023-12-31", out: "received_macd.png" } as const;

/** The text of `polyrpc demo --help`. */
export const demoHelp: string = `Usage: polyrpc demo <service> [--target <host:port>] [options]

Runs a seed example's client flow against a running server and prints exactly what the Python client
(interop/python/<service>/client.py) prints.

Services (default target in brackets):
${demos.map((d) => `  ${d.name.padEnd(16)} ${d.summary} [${d.defaultTarget}]`).join("\n")}

Options:
  --target <host:port>  the server (default: the seed client's target, above)
  --rounds <n>          contact: end after n rounds of 10 pushed tasks (default ${DEFAULTS.rounds})
  --seconds <s>         contact: end after s seconds if that comes first (default: no limit)
  --start-date <date>   indicator, indicator_graph: first day, YYYY-MM-DD (default ${DEFAULTS.startDate})
  --end-date <date>     indicator, indicator_graph: last day, YYYY-MM-DD (default ${DEFAULTS.endDate})
  --out <file>          indicator_graph: where to write the PNG (default ${DEFAULTS.out})
  -h, --help            show this help

Every call has a ${DEMO_CALL_TIMEOUT_MS / 1000} s deadline, except contact's task stream, which --rounds and --seconds end.
A failed call prints polyrpc: <CODE>: <message> and exits 1.

Example:
  polyrpc demo routeguide --target 127.0.0.1:50051
`;

const options = {
  target: { type: "string" },
  rounds: { type: "string" },
  seconds: { type: "string" },
  "start-date": { type: "string" },
  "end-date": { type: "string" },
  out: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

const demoOptions: readonly DemoOption[] = ["rounds", "seconds", "start-date", "end-date", "out"];

/**
 * `polyrpc demo <service>`: checks the options, then runs the service's flow on one channel, which it
 * closes at the end. Resolves to the exit code; user errors and failed calls are thrown for the CLI.
 */
export async function demoCommand(argv: readonly string[], cwd: string, io: CommandIo): Promise<number> {
  const args = parseCommandArgs("demo", argv, options);
  if (args.values["help"] === true) {
    io.stdout(demoHelp);
    return 0;
  }
  const [name, ...extra] = args.positionals;
  const names = demos.map((d) => d.name).join(", ");
  if (name === undefined) throw new UserError(`demo: which service? One of ${names} (see polyrpc demo --help)`);
  const demo = demos.find((d) => d.name === name);
  if (demo === undefined) throw new UserError(`demo: unknown service ${JSON.stringify(name)}; services are ${names}`);
  if (extra.length > 0) throw new UserError(`demo: unexpected argument ${JSON.stringify(extra[0])}`);
  for (const option of demoOptions) {
    if (args.values[option] !== undefined && !demo.options.includes(option)) {
      const takers = demos.filter((d) => d.options.includes(option)).map((d) => d.name);
      throw new UserError(`demo ${demo.name}: --${option} applies to ${takers.join(" and ")} only`);
    }
  }
  const target = stringOption(args, "target") ?? demo.defaultTarget;
  const ctx = {
    print: (text: string) => io.stdout(`${text}\n`),
    cwd,
    random: Math.random,
    rounds: integerOption(`demo ${demo.name}`, args, "rounds", "rounds", DEFAULTS.rounds, 1),
    seconds: secondsOption(demo.name, args),
    startDate: stringOption(args, "start-date") ?? DEFAULTS.startDate,
    endDate: stringOption(args, "end-date") ?? DEFAULTS.endDate,
    out: stringOption(args, "out") ?? DEFAULTS.out,
  };
  let clients;
  try {
    clients = createSeedClients(target);
  } catch (e) {
    throw new UserError(`demo: invalid --target ${JSON.stringify(target)}: ${(e as Error).message}`);
  }
  try {
    await demo.run({ ...ctx, clients });
  } finally {
    clients.close();
  }
  return 0;
}

/** --seconds: a positive number, fractions allowed, as the Python port's --seconds. */
function secondsOption(name: string, args: CommandArgs): number | undefined {
  const text = stringOption(args, "seconds");
  if (text === undefined) return undefined;
  const value = /^[0-9]+(\.[0-9]+)?$/.test(text) ? Number(text) : NaN;
  if (!(value > 0)) throw new UserError(`demo ${name}: --seconds takes a positive number of seconds, got ${JSON.stringify(text)}`);
  return value;
}
