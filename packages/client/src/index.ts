// The public API of @polyrpc/client: typed clients for the seed services, the text-format printer the
// demos use, and the `polyrpc call` / `list` / `describe` / `demo` commands, and the schema sources behind them (also at "@polyrpc/client/cli").
export { createSeedClients } from "./seed-clients.js";
export type { SeedClients, Channel } from "./seed-clients.js";
export { toTextFormat } from "./text-format/to-text-format.js";
export { formatFloat } from "./text-format/format-float.js";
export { reassembleChunks, ChunkError } from "./reassemble-chunks.js";
export type { FileChunk } from "./reassemble-chunks.js";
export { createMethodRegistry } from "./call/method-registry.js";
export type { MethodRegistry } from "./call/method-registry.js";
export { stubFiles, reflectionSource, protoFilesSource, protosetSource, stubsSource } from "./schema/schema-source.js";
export type { SchemaSource } from "./schema/schema-source.js";
export { createReflectionClient, NoReflectionError } from "./schema/reflection-client.js";
export type { ReflectionClient } from "./schema/reflection-client.js";
export { describeSymbol } from "./schema/describe-symbol.js";
export { runCommand } from "./cli.js";
export type { CommandIo } from "./io.js";

// `polyrpc interop --cases`: run a case file against several servers with the TypeScript and Python
// clients and compare the outcomes field by field (docs/interop-cases.md).
export { runCases } from "./cases/run-cases.js";
export type { RunCasesOptions, CasesResult, CaseCell, CellProblem, CaseServer, CaseClient } from "./cases/run-cases.js";
export { loadCaseFile, parseCaseFile } from "./cases/case-file.js";
export type { CaseFile, InteropCase, CaseExpectation } from "./cases/case-file.js";
export { renderCasesTable } from "./cases/cases-table.js";
export { writeCasesReport } from "./cases/cases-report.js";
export { writeJunit, renderJunit } from "./cases/junit-report.js";
export type { OutcomeJson } from "./cases/call-outcome.js";
export type { Difference } from "./cases/compare-messages.js";
