// The public API of @polyrpc/client: typed clients for the seed services, the text-format printer the
// demos use, and the `polyrpc call` / `list` / `describe` / `demo` / `interop --cases` commands, and the schema
// sources behind them (also at "@polyrpc/client/cli").
export { createSeedClients } from "./seed-clients.js";
export type { SeedClients } from "./seed-clients.js";
// The channel createSeedClients takes is @polyrpc/grpc's; re-exported so a caller needs one import.
export type { Channel } from "@polyrpc/grpc";
export { reassembleChunks, ChunkError } from "./reassemble-chunks.js";
export type { FileChunk } from "./reassemble-chunks.js";
export { toTextFormat } from "./text-format/to-text-format.js";
export { runCommand } from "./cli.js";
export type { CommandIo } from "./io.js";
// `polyrpc interop --cases`: run a case file against several servers with the TypeScript and Python
// clients and compare the outcomes field by field (docs/interop-cases.md).
export { runCases } from "./cases/run-cases.js";
export type { RunCasesOptions, CasesResult, CaseCell, CellProblem, CaseServer, CaseClient } from "./cases/run-cases.js";
export { loadCaseFile } from "./cases/case-file.js";
export type { CaseFile, InteropCase, CaseExpectation } from "./cases/case-file.js";

// Building blocks for advanced use: the pieces the commands are made of (schema sources, the reflection
// client, the method registry, symbol description, float formatting, the case runner's parser and
// reports), for tools that compose their own.
export { formatFloat } from "./text-format/format-float.js";
export { createMethodRegistry } from "./call/method-registry.js";
export type { MethodRegistry } from "./call/method-registry.js";
export { stubFiles, reflectionSource, protoFilesSource, protosetSource, stubsSource } from "./schema/schema-source.js";
export type { SchemaSource } from "./schema/schema-source.js";
export { createReflectionClient, NoReflectionError } from "./schema/reflection-client.js";
export type { ReflectionClient } from "./schema/reflection-client.js";
export { describeSymbol } from "./schema/describe-symbol.js";
export { parseCaseFile } from "./cases/case-file.js";
export { renderCasesTable } from "./cases/cases-table.js";
export { writeCasesReport } from "./cases/cases-report.js";
export { writeJunit, renderJunit } from "./cases/junit-report.js";
export type { OutcomeJson } from "./cases/call-outcome.js";
export type { Difference } from "./cases/compare-messages.js";
