import { parseArgs, type ParseArgsConfig } from "node:util";
import { UserError } from "./user-error.js";

/** The parsed options and positionals of one command. */
export interface CommandArgs {
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  positionals: string[];
}

/**
 * `parseArgs` from node:util in strict mode, with positionals, turning its errors into user errors that
 * name the command and point at its help (`call: unknown option '--x' (see polyrpc call --help)`).
 */
export function parseCommandArgs(command: string, argv: readonly string[], options: NonNullable<ParseArgsConfig["options"]>): CommandArgs {
  try {
    const { values, positionals } = parseArgs({ args: [...argv], options, strict: true, allowPositionals: true });
    return { values, positionals };
  } catch (e) {
    throw new UserError(`${command}: ${parseArgsMessage(e)} (see polyrpc ${command} --help)`);
  }
}

/**
 * parseArgs's message in the CLI's voice: lowercase after `polyrpc: <command>: ` like every other error,
 * on one line, without its closing hint on `--` and `--opt=-x` syntax (noise next to the help pointer).
 */
function parseArgsMessage(error: unknown): string {
  const message = (error as Error).message.replace(/\.?\s*To specify.*$/s, "").replace(/\s*\n\s*/g, " ");
  return message.charAt(0).toLowerCase() + message.slice(1);
}

/** A string option's value, or undefined when it was not given. */
export function stringOption(args: CommandArgs, name: string): string | undefined {
  const value = args.values[name];
  return typeof value === "string" ? value : undefined;
}

/**
 * A whole-number option (digits only, at least `min`), or `fallback` when it was not given. `what` says
 * what the number counts, for the error message.
 */
export function integerOption(command: string, args: CommandArgs, name: string, what: string, fallback: number, min = 0): number {
  const text = stringOption(args, name);
  if (text === undefined) return fallback;
  const value = /^[0-9]+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value) || value < min) {
    throw new UserError(`${command}: --${name} takes a whole number of ${what}${min > 0 ? ` (at least ${min})` : ""}, got ${JSON.stringify(text)}`);
  }
  return value;
}
