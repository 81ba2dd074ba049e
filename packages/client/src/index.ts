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
