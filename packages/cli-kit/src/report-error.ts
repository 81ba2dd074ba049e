import { UserError } from "./user-error.js";

/** Where bugs are reported: the last line polyrpc prints for an error that is not the user's. */
export const issuesUrl = "https://github.com/polyrpc/polyrpc/issues";

/** How {@link reportError} and {@link runCli} print. */
export interface ReportOptions {
  /** The command's name, the prefix of every message (`polyrpc`, `polyrpc-server`, `polyrpc-web`). */
  prog: string;
  /** Where the text goes; default process.stderr. Tests pass a function that collects it. */
  stderr?: (text: string) => void;
}

/**
 * Prints `error` the way every polyrpc command does and returns the exit code for it: a {@link UserError} as
 * `<prog>: <message>` and 1; anything else is a bug, printed as `<prog>: internal error, please report it at
 * <issuesUrl>` followed by its stack, and 2.
 */
export function reportError(error: unknown, options: ReportOptions): number {
  const write = options.stderr ?? ((text: string) => void process.stderr.write(text));
  if (error instanceof UserError) {
    write(`${options.prog}: ${error.message}\n`);
    return 1;
  }
  const detail = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
  write(`${options.prog}: internal error, please report it at ${issuesUrl}\n${detail}\n`);
  return 2;
}
