import { readFileSync } from "node:fs";
import { UserError } from "./user-error.js";

/**
 * The value of a port option (`--port`, by default) as a number: digits only, 0 to 65535 (0 lets the OS pick).
 * Anything else is a {@link UserError} naming the option and the value: `--port http: not a port number (0-65535)`.
 * polyrpc-server and polyrpc-web share it, so both accept and reject the same ports.
 */
export function portOption(value: string, option = "--port"): number {
  const port = /^[0-9]+$/.test(value) ? Number(value) : NaN;
  if (!(port <= 65535)) throw new UserError(`${option} ${value}: not a port number (0-65535)`);
  return port;
}

/**
 * Checks that two options that only work together (`--tls-cert` and `--tls-key`) are given both or neither, by
 * their names without dashes; throws a {@link UserError} such as `--tls-key given without --tls-cert`.
 */
export function requirePair(values: Readonly<Record<string, unknown>>, first: string, second: string): void {
  const [a, b] = [values[first] !== undefined, values[second] !== undefined];
  if (b && !a) throw new UserError(`--${second} given without --${first}`);
  if (a && !b) throw new UserError(`--${first} given without --${second}`);
}

/**
 * The bytes of the file an option names, or a {@link UserError} that says which option and why:
 * `--tls-cert c.pem: cannot read it: ENOENT: no such file or directory, open 'c.pem'`.
 */
export function readOptionFile(option: string, path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    throw new UserError(`${option} ${path}: cannot read it: ${(e as Error).message}`, { cause: e });
  }
}
