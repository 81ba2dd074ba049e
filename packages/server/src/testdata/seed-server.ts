import { createChannel, createServer, type PolyServer } from "@polyrpc/grpc";
import type { Client as GrpcClient } from "@grpc/grpc-js";
import { createSeedServices } from "../seed-services.js";

/** Every seed service on 127.0.0.1, port 0, with the printed lines captured. */
export interface SeedServer {
  server: PolyServer;
  target: string;
  channel: GrpcClient;
  /** Lines the services printed, in order. */
  lines: string[];
  close(): Promise<void>;
}

/** Starts the seed services with a short Contact push interval; `close()` stops server and channel. */
export async function startSeedServer(pushIntervalMs = 50): Promise<SeedServer> {
  const lines: string[] = [];
  const server = createServer({ services: await createSeedServices({ pushIntervalMs, log: (l) => lines.push(l) }), logger: { error() {} } });
  const { port } = await server.listen(0, "127.0.0.1");
  const target = `127.0.0.1:${port}`;
  const channel = createChannel(target);
  return {
    server,
    target,
    channel,
    lines,
    async close() {
      channel.close();
      await server.shutdown(0);
    },
  };
}
