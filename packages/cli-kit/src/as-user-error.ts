import { UserError } from "./user-error.js";

/**
 * Runs `make` and returns what it returns; what it throws becomes a {@link UserError} with the same message
 * (the original as its `cause`), and a `UserError` is rethrown as is. For a command that hands user input to a
 * library which throws plain errors (a config loader, a TLS context): there, every error is the input's, so
 * the command prints `<prog>: <message>` and exits 1 rather than reporting a bug.
 */
export function asUserError<T>(make: () => T): T {
  try {
    return make();
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError(e instanceof Error ? e.message : String(e), { cause: e });
  }
}
