import { Code, RpcError } from "@polyrpc/grpc";
import { callCommand } from "./call/call-command.js";
import { interopCommand } from "./cases/interop-command.js";
import { demoCommand } from "./demo/demo-command.js";
import { describeCommand } from "./inspect/describe-command.js";
import { listCommand } from "./inspect/list-command.js";
import { processStdoutError, StdoutClosedError, withDefaultIo, type CommandIo } from "./io.js";
import { reportError as reportCliError, UserError, type CommandModule } from "@polyrpc/cli-kit";

export type { CommandIo } from "./io.js";

/**
 * Runs `polyrpc call`, `list`, `describe`, `demo` or `interop` with `argv` (the arguments after the command) and resolves to
 * the exit code; the `polyrpc` CLI of @polyrpc/codegen loads this module on demand. `cwd` is where
 * relative paths (`demo indicator_graph --out`, `--proto`) resolve. `io` replaces the process's stdout, stderr and
 * stdin, in part or whole.
 *
 * Never rejects: a user error (bad option or input, unknown method) prints `polyrpc: <message>` to
 * stderr and gives 1; a call that ends with a gRPC status other than OK prints
 * `polyrpc: <CODE_NAME>: <message>` and gives 1; anything else is a bug, printed with its stack, and
 * gives 2.
 */
export async function runCommand(command: string, argv: string[], cwd: string = process.cwd(), io: Partial<CommandIo> = {}): Promise<number> {
  const streams = withDefaultIo(io);
  try {
    switch (command) {
      case "call":
        return await callCommand(argv, streams, cwd);
      case "list":
        return await listCommand(argv, streams, cwd);
      case "describe":
        return await describeCommand(argv, streams, cwd);
      case "demo":
        return await demoCommand(argv, cwd, streams);
      case "interop":
        return await interopCommand(argv, streams, cwd);
      default:
        throw new UserError(`unknown command ${JSON.stringify(command)}; @polyrpc/client runs call, list, describe, demo and interop`);
    }
  } catch (e) {
    // Once stdout is gone, whatever failed next (a write, or a call cancelled because a request
    // generator's print threw) is a consequence. A reader that closed the pipe (`| head`) got what it
    // wanted, so that ends quietly with 0, as ripgrep and git do; any other stdout failure is reported.
    const stdoutFailure = io.stdout === undefined ? processStdoutError() : undefined;
    if (stdoutFailure?.code === "EPIPE") return 0;
    if (stdoutFailure !== undefined) return reportError(new UserError(`cannot write to stdout: ${stdoutFailure.message}`), streams);
    if (e instanceof StdoutClosedError) return reportError(new UserError(e.message), streams);
    return reportError(e, streams);
  }
}

/**
 * Prints an error the way every polyrpc command does (@polyrpc/cli-kit's contract, as `polyrpc`) and returns the
 * exit code for it; a call's gRPC status is the user's to read, not a bug: `polyrpc: <CODE_NAME>: <message>`, 1.
 */
export function reportError(e: unknown, io: Pick<CommandIo, "stderr">): number {
  if (e instanceof RpcError) {
    io.stderr(`polyrpc: ${statusText(e)}\n`);
    return 1;
  }
  return reportCliError(e, { prog: "polyrpc", stderr: io.stderr });
}

/** `CODE_NAME: message`, or the code name alone for an empty message. */
export function statusText(e: RpcError): string {
  const name = Code[e.code] ?? `code ${e.code}`;
  // grpc-js ends UNAVAILABLE details with "Resolution note: " even when it has no note.
  const message = e.message.replace(/\s*Resolution note:\s*$/, "").trim();
  return message === "" ? name : `${name}: ${message}`;
}

// The `polyrpc` CLI of @polyrpc/codegen types this module by CommandModule (its client-cli.d.ts); this line
// holds runCommand to that contract.
runCommand satisfies CommandModule["runCommand"];
