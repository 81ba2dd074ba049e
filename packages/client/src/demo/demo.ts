import type { SeedClients } from "../seed-clients.js";

/** The deadline of each call a demo makes, except Contact's push stream, which ends by --rounds or --seconds. */
export const DEMO_CALL_TIMEOUT_MS = 10_000;

/** What a demo's flow gets: the clients, Python's print, and the options of `polyrpc demo`. */
export interface DemoContext {
  /** Clients on one channel to --target. */
  clients: SeedClients;
  /** Python's `print(text)`: writes `text` and a newline. */
  print(text: string): void;
  /** Where relative paths resolve. */
  cwd: string;
  /** A random number in [0, 1), as Math.random; replaceable in tests. */
  random(): number;
  /** contact: end after this many rounds of pushed tasks (10 tasks a round). */
  rounds: number;
  /** contact: end after this many seconds, if that comes first; undefined means no time limit. */
  seconds: number | undefined;
  /** indicator, indicator_graph: the first day of the range, YYYY-MM-DD (empty: open). */
  startDate: string;
  /** indicator, indicator_graph: the last day of the range, YYYY-MM-DD (empty: open). */
  endDate: string;
  /** indicator_graph: the file the PNG is written to, relative to `cwd`. */
  out: string;
}

/** Options of `polyrpc demo` beyond --target and --help; each demo names the ones it takes. */
export type DemoOption = "rounds" | "seconds" | "start-date" | "end-date" | "out";

/** One seed example's client flow, as `polyrpc demo <name>` runs it. */
export interface Demo {
  /** The name on the command line: the example's folder in interop/python. */
  name: string;
  /** The target the seed's client dials. */
  defaultTarget: string;
  /** One line for the help. */
  summary: string;
  /** The options this demo takes. */
  options: readonly DemoOption[];
  /** Runs the flow, printing what the Python client prints; a failed call rejects with its RpcError. */
  run(ctx: DemoContext): Promise<void>;
}
