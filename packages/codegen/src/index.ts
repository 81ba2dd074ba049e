// The programmatic API of @polyrpc/codegen; the `polyrpc` bin wraps the same functions.
export { main } from "./cli.js";
export { loadConfig, configFileName } from "./config.js";
export type { Config, ConfigFlags } from "./config.js";
export { generate, check } from "./generate.js";
export type { GenerateResult, CheckResult } from "./generate.js";
export { init, defaultPythonPackage } from "./init.js";
export type { InitResult } from "./init.js";
export { lint } from "./lint.js";
export type { LintResult } from "./lint.js";
export { breaking } from "./breaking.js";
export type { BreakingResult } from "./breaking.js";
// The error class of bad input, shared by every polyrpc package (a re-export of @polyrpc/cli-kit's).
export { UserError } from "@polyrpc/cli-kit";
export type { TreeDifference } from "./output-dir.js";
