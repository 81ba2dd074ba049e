import { createServer, type PolyServer } from "@polyrpc/grpc";
import { createSeedServices } from "@polyrpc/server";

/** Every seed service on 127.0.0.1, port 0, with the lines the services print captured. */
export interface SeedServer {
  server: PolyServer;
  /** `127.0.0.1:<port>`. */
  target: string;
  /** Lines the services printed, in order. */
  lines: string[];
  close(): Promise<void>;
}

/** Starts the seed services, with a short Contact push interval so a round takes milliseconds. */
export async function startSeedServer(pushIntervalMs = 50): Promise<SeedServer> {
  const lines: string[] = [];
  const services = await createSeedServices({ pushIntervalMs, log: (line) => lines.push(line) });
  const server = createServer({ services, logger: { error() {} } });
  const { port } = await server.listen(0, "127.0.0.1");
  return {
    server,
    target: `127.0.0.1:${port}`,
    lines,
    close: () => server.shutdown(0),
  };
}
