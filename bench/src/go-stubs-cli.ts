// `pnpm --filter @polyrpc/bench gen:go`: regenerates the committed Go stubs of bench.proto.
import { runCli, UserError } from "@polyrpc/cli-kit";
import { GO_NOT_FOUND, ensureBenchGoBinaries } from "./go-binaries.js";
import { generateGoStubs, goStubFiles } from "./go-stubs.js";

const code = await runCli(
  async () => {
    try {
      generateGoStubs(await ensureBenchGoBinaries());
    } catch (error) {
      // No Go, or go's own failure (its output in the message): the toolchain's, for the user to fix.
      const message = (error as Error).message;
      throw new UserError(message === GO_NOT_FOUND ? message : `cannot generate the Go stubs: ${message}`, { cause: error });
    }
    process.stdout.write(`polyrpc: wrote ${goStubFiles.map((f) => `bench/go/${f}`).join(", ")}\n`);
    return 0;
  },
  { prog: "polyrpc" },
);
process.exitCode = code;
