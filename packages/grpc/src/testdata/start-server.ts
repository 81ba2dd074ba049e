import type { Client as GrpcClient } from "@grpc/grpc-js";
import { createChannel } from "../create-client.js";
import { createServer, type PolyServer, type ServerOptions } from "../create-server.js";
import type { Logger } from "../logger.js";

/** A live server on 127.0.0.1 and a channel to it, for tests; `close()` stops both. */
export interface TestServer {
  server: PolyServer;
  port: number;
  target: string;
  channel: GrpcClient;
  /** Errors the server logged, in order. */
  logged: { message: string; cause: unknown }[];
  close(): Promise<void>;
}

/**
 * Whether test servers coalesce stream writes: `pnpm test` runs the suite once with the default (on) and
 * once with POLYRPC_TEST_COALESCE=off, the path taken when grpc-js's internals are not there.
 */
export const testCoalesceWrites = process.env.POLYRPC_TEST_COALESCE !== "off";

/** Starts a server on port 0 with a logger that records instead of printing. */
export async function startServer(options: Omit<ServerOptions, "logger">): Promise<TestServer> {
  const logged: TestServer["logged"] = [];
  const logger: Logger = { error: (message, cause) => logged.push({ message, cause }) };
  const server = createServer({ shutdownGraceMs: 200, coalesceWrites: testCoalesceWrites, ...options, logger });
  const { port } = await server.listen(0, "127.0.0.1");
  const target = `127.0.0.1:${port}`;
  const channel = createChannel(target, { coalesceWrites: testCoalesceWrites });
  return {
    server,
    port,
    target,
    channel,
    logged,
    async close() {
      channel.close();
      await server.shutdown(0);
    },
  };
}
