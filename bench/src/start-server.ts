import { startListening, type ListeningProcess } from "@polyrpc/devkit";

/** A server under test, running in its own process. */
export type RunningServer = ListeningProcess;

/** How long a server may take to print its port and accept connections (Python and Node start slowly on a loaded machine). */
export const SERVER_START_TIMEOUT_MS = 30_000;

/**
 * Starts `command args` (which listens on 127.0.0.1 port 0 and prints "listening on <port>"), waits,
 * bounded, until the port accepts connections, and returns it. The process is killed by pid if it does
 * not get there, and when this process exits without stopping it.
 */
export function startServer(label: string, command: string, args: readonly string[], options: { cwd?: string } = {}): Promise<RunningServer> {
  return startListening(command, args, {
    label: `the ${label} server`,
    portPattern: /^listening on (\d+)$/, // Matched on complete lines only: a port is read once printed in full.
    timeoutMs: SERVER_START_TIMEOUT_MS,
    ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
  });
}
