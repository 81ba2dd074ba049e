// The public API of @polyrpc/client: typed clients for the seed services, the text-format printer the
// demos use, and the `polyrpc call` / `polyrpc demo` commands (also at "@polyrpc/client/cli").
export { createSeedClients } from "./seed-clients.js";
export type { SeedClients, Channel } from "./seed-clients.js";
export { toTextFormat } from "./text-format/to-text-format.js";
export { formatFloat } from "./text-format/format-float.js";
export { reassembleChunks, ChunkError } from "./reassemble-chunks.js";
export type { FileChunk } from "./reassemble-chunks.js";
export { createMethodRegistry, seedFiles } from "./call/method-registry.js";
export type { MethodRegistry } from "./call/method-registry.js";
export { runCommand } from "./cli.js";
export type { CommandIo } from "./io.js";
