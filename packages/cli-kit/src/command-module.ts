/**
import type { reportError } from "./report-error.js";
 * The plugin point between two polyrpc CLIs: a module that runs some subcommands of another package's command.
 * `polyrpc` (@polyrpc/codegen) loads `@polyrpc/client/cli` for `call`, `list`, `describe` and `demo` through it,
 * so that codegen does not depend on the client (which depends on stubs that codegen generates) and both sides
 * are type-checked against this one interface.
 */
export interface CommandModule {
  /**
   * Runs `command` with `argv` (the arguments after it), relative paths resolved against `cwd`, and resolves to
   * the exit code. Never rejects: it reports its own errors the way {@link reportError} does.
   */
  runCommand(command: string, argv: string[], cwd?: string): Promise<number>;
}
