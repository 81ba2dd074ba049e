// Starts the TypeScript TestService (see test-service.ts) on a loopback port.
import { createServer } from "@polyrpc/grpc";
import { testServiceRegistration } from "./test-service.js";

/** A running TestService. */
export interface RunningTestService {
  host: string;
  /** The port the OS picked. */
  port: number;
  /** `host:port`, for a client. */
  target: string;
  /** Stops the server: in-flight calls get `graceMs` to finish, then are cancelled. */
  close(graceMs?: number): Promise<void>;
}

/**
 * Serves grpc.testing.TestService on `host` (default 127.0.0.1) and a port the OS picks (or `port`),
 * plaintext. Health checking and reflection are registered too, as on every polyrpc server.
 */
export async function serveTestService(options: { host?: string; port?: number } = {}): Promise<RunningTestService> {
  const host = options.host ?? "127.0.0.1";
  const server = createServer({ services: [testServiceRegistration()], shutdownGraceMs: 1000 });
  const address = await server.listen(options.port ?? 0, host);
  return {
    host,
    port: address.port,
    target: `${host}:${address.port}`,
    close: (graceMs?: number) => server.shutdown(graceMs),
  };
}
