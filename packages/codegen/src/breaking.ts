import { relative } from "node:path";
import { formatBufDiagnostics, runBuf } from "./buf.js";
import { runProcess, UserError } from "@polyrpc/cli-kit";

/** What `polyrpc breaking` found. */
export interface BreakingResult {
  /** True when nothing in the proto tree breaks clients built against `against`. */
  ok: boolean;
  /** One `file:line:column: message` line per breaking change. */
  problems: string[];
}

/**
 * Compares the proto tree with the same folder at git ref `against` (a commit, branch or tag), using the
 * rules of `buf.yaml`'s `breaking` section (WIRE_JSON for polyrpc's own tree).
 */
export async function breaking(protoDir: string, against: string, cwd: string): Promise<BreakingResult> {
  const top = await runProcess("git", ["rev-parse", "--show-toplevel"], { cwd: protoDir }).catch(() => undefined);
  if (top === undefined || top.code !== 0) {
    throw new UserError(`${protoDir} is not inside a git repository, so there is no --against ref to compare with`);
  }
  const root = top.stdout.trim();
  const ref = await runProcess("git", ["rev-parse", "--verify", "--quiet", `${against}^{commit}`], { cwd: root });
  if (ref.code !== 0) {
    throw new UserError(`--against ${against}: no such commit, branch or tag in ${root}`);
  }
  const subdir = relative(root, protoDir) || ".";
  const input = `${root}/.git#ref=${ref.stdout.trim()},subdir=${subdir}`;
  const result = await runBuf(["breaking", ".", "--against", input], protoDir);
  if (result.code === 0) return { ok: true, problems: [] };
  const output = formatBufDiagnostics(result.stdout + result.stderr, protoDir, cwd);
  if (result.code !== 100 || output === "") {
    throw new UserError(`buf breaking failed:\n${output || `exit code ${result.code}`}`);
  }
  return { ok: false, problems: output.split("\n") };
}
