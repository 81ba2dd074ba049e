// The programmatic API of @polyrpc/codegen; the `polyrpc` bin wraps the same functions.
export { generate, check } from "./generate.js";
export type { GenerateResult, CheckResult } from "./generate.js";
export { loadConfig } from "./config.js";
export type { Config, ConfigFlags } from "./config.js";
export { init } from "./init.js";
export type { InitResult } from "./init.js";
export { lint } from "./lint.js";
export type { LintResult } from "./lint.js";
export { breaking } from "./breaking.js";
export type { BreakingResult } from "./breaking.js";
// The error class of bad input, shared by every polyrpc package (a re-export of @polyrpc/cli-kit's).
export { UserError } from "@polyrpc/cli-kit";
export type { TreeDifference } from "./output-dir.js";

// Building blocks for advanced use: the CLI's entry point (for a tool that embeds the `polyrpc` commands),
// the config file's name and init's default Python package name.
export { main } from "./cli.js";
export { configFileName } from "./config.js";
export { defaultPythonPackage } from "./init.js";
