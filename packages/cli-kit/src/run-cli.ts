import { reportError, type ReportOptions } from "./report-error.js";

/**
 * Runs a command's body and resolves to its exit code: what `run` resolves to, or, when it throws, the code
 * {@link reportError} gives after printing the error (1 for a {@link UserError}, 2 for a bug). Never rejects,
 * so a bin is `main(argv).then((code) => { if (code !== 0) process.exit(code); })`, which lets a server that
 * `run` started keep the process alive after a 0.
 */
export async function runCli(run: () => number | Promise<number>, options: ReportOptions): Promise<number> {
  try {
    return await run();
  } catch (error) {
    return reportError(error, options);
  }
}
