// `pnpm --filter @polyrpc/bench gen:go`: regenerates the committed Go stubs of bench.proto.
import { GO_NOT_FOUND, ensureBenchGoBinaries } from "./go-binaries.js";
import { generateGoStubs, goStubFiles } from "./go-stubs.js";

try {
  generateGoStubs(await ensureBenchGoBinaries());
  process.stdout.write(`polyrpc: wrote ${goStubFiles.map((f) => `bench/go/${f}`).join(", ")}\n`);
} catch (error) {
  const message = (error as Error).message;
  process.stderr.write(`polyrpc: ${message === GO_NOT_FOUND ? message : `cannot generate the Go stubs: ${message}`}\n`);
  process.exit(1);
}
