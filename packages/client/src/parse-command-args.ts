import { parseArgs, type ParseArgsConfig } from "node:util";
import { UserError } from "./user-error.js";

/** The parsed options and positionals of one command. */
export interface CommandArgs {
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  positionals: string[];
}

/**
 * `parseArgs` from node:util in strict mode, with positionals, turning its errors into user errors that
 * name the command and point at its help (`call: Unknown option '--x' (see polyrpc call --help)`).
 */
export function parseCommandArgs(command: string, argv: readonly string[], options: NonNullable<ParseArgsConfig["options"]>): CommandArgs {
  try {
    const { values, positionals } = parseArgs({ args: [...argv], options, strict: true, allowPositionals: true });
    return { values, positionals };
  } catch (e) {
    // parseArgs ends with a hint on `--` and `--opt=-x` syntax; that is noise next to the help pointer. Its
    // message may span lines; the CLI prints one.
    const message = (e as Error).message.replace(/\.?\s*To specify.*$/s, "").replace(/\s*\n\s*/g, " ");
    throw new UserError(`${command}: ${message} (see polyrpc ${command} --help)`);
  }
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
