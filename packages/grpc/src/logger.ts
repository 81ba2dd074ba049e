/**
 * Where the bridge reports what it does not send to clients: the causes of INTERNAL errors, failures
 * while shutting down. Never given tokens or request payloads.
 */
export interface Logger {
  error(message: string, cause?: unknown): void;
}

/** Writes to stderr through console.error. */
export const consoleLogger: Logger = {
  error(message, cause) {
    if (cause === undefined) console.error(message);
    else console.error(message, cause);
  },
};
