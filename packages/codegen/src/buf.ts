import { createRequire } from "node:module";
import { relative } from "node:path";
import { runProcess, UserError, type ProcessResult } from "@polyrpc/cli-kit";

const require = createRequire(import.meta.url);

/** Absolute path of the buf binary shipped by the `@bufbuild/buf` npm package. */
export function bufBinary(): string {
  return require.resolve("@bufbuild/buf/bin/buf");
}

/** Runs buf with `cwd` as its working directory. */
export async function runBuf(args: readonly string[], cwd: string): Promise<ProcessResult> {
  try {
    return await runProcess(bufBinary(), args, { cwd });
  } catch (e) {
    throw new UserError(`cannot run buf (${bufBinary()}): ${(e as Error).message}; reinstall @polyrpc/codegen`);
  }
}

/**
 * Rewrites buf's `path:line:col:message` diagnostics, which are relative to the proto folder, into
 * `path:line:column: message` relative to the user's working directory, so an editor can jump to them.
 */
export function formatBufDiagnostics(output: string, protoDir: string, cwd: string): string {
  const prefix = relative(cwd, protoDir);
  return output
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => {
      const match = /^(.+?\.proto):(\d+):(\d+):\s*(.*)$/.exec(line);
      if (match === null) return line;
      const [, file, lineNo, column, message] = match;
      const path = prefix === "" ? file : `${prefix}/${file}`;
      return `${path}:${lineNo}:${column}: ${message}`;
    })
    .join("\n");
}
