import util from "node:util";

/**
 * Where the bridge reports what it does not send to clients: the causes of INTERNAL errors, failures
 * while shutting down. Never given tokens or request payloads.
 */
export interface Logger {
  error(message: string, cause?: unknown): void;
  /** Notes for whoever debugs the bridge, such as a fast path it cannot take; optional. */
  debug?(message: string): void;
}

// Prints only with NODE_DEBUG=polyrpc, as Node's own debug notes do.
const debuglog = util.debuglog("polyrpc");

/** Writes errors to stderr through console.error, and debug notes when NODE_DEBUG includes `polyrpc`. */
export const consoleLogger: Logger = {
  error(message, cause) {
    if (cause === undefined) console.error(message);
    else console.error(message, cause);
  },
  debug(message) {
    debuglog(message);
  },
};
