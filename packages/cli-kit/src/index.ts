// The public API of @polyrpc/cli-kit: the error contract every polyrpc command follows.
export { UserError } from "./user-error.js";
export { asUserError } from "./as-user-error.js";
export { reportError, issuesUrl } from "./report-error.js";
export type { ReportOptions } from "./report-error.js";
export { runCli } from "./run-cli.js";
export { parseCliArgs } from "./parse-cli-args.js";
export type { CliArgsContext } from "./parse-cli-args.js";
export type { CommandModule } from "./command-module.js";
export { portOption, requirePair, readOptionFile } from "./option-values.js";

// Building blocks for advanced use: output and process helpers the polyrpc commands share.
export { formatTable } from "./format-table.js";
export { runProcess } from "./run-process.js";
export type { ProcessResult, RunProcessOptions } from "./run-process.js";
