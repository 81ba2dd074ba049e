import type { ParseArgsConfig } from "node:util";
import { parseCliArgs, UserError } from "@polyrpc/cli-kit";

/** The parsed options and positionals of one command. */
export interface CommandArgs {
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  positionals: string[];
}

/**
 * `parseArgs` from node:util in strict mode, with positionals, its errors turned into user errors that name the
 * command and point at its help (`call: unknown option --x (see polyrpc call --help)`), as @polyrpc/cli-kit
 * words them for every polyrpc command.
 */
export function parseCommandArgs(command: string, argv: readonly string[], options: NonNullable<ParseArgsConfig["options"]>): CommandArgs {
  const { values, positionals } = parseCliArgs(
    { args: [...argv], options, strict: true, allowPositionals: true },
    { command, help: `polyrpc ${command} --help` },
  );
  return { values, positionals };
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
