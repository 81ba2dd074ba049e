import { runCommand } from "../cli.js";

/** What one run of a command printed, and its exit code. */
export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `polyrpc <command> <argv>` in-process with captured output and `stdin` as its standard input. */
export async function run(command: string, argv: string[], options: { stdin?: string; cwd?: string } = {}): Promise<RunResult> {
  let stdout = "";
  let stderr = "";
  const code = await runCommand(command, argv, options.cwd ?? process.cwd(), {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    // Split in two, so the reader has to join chunks (a multi-byte character may straddle them).
    stdin: split(Buffer.from(options.stdin ?? "")),
  });
  return { code, stdout, stderr };
}

function* split(bytes: Buffer): Generator<Uint8Array> {
  const half = Math.floor(bytes.length / 2);
  yield bytes.subarray(0, half);
  yield bytes.subarray(half);
}
