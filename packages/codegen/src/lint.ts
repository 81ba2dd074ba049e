import { formatBufDiagnostics, runBuf } from "./buf.js";
import { UserError } from "@polyrpc/cli-kit";

/** What `polyrpc lint` found. */
export interface LintResult {
  /** True when buf reported no problem. */
  ok: boolean;
  /** One `file:line:column: message` line per problem, relative to the working directory. */
  problems: string[];
}

/**
 * Lints the proto tree with `buf lint`, using the `buf.yaml` in the proto folder if there is one (buf's
 * STANDARD rules otherwise).
 */
export async function lint(protoDir: string, cwd: string): Promise<LintResult> {
  const result = await runBuf(["lint", "."], protoDir);
  if (result.code === 0) return { ok: true, problems: [] };
  const output = formatBufDiagnostics(result.stdout + result.stderr, protoDir, cwd);
  // buf exits 100 for lint findings; anything else (a compile error, a bad buf.yaml) is not a lint result.
  if (result.code !== 100 || output === "") {
    throw new UserError(`buf lint failed:\n${output || `exit code ${result.code}`}`);
  }
  return { ok: false, problems: output.split("\n") };
}
