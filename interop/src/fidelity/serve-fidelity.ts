// The TypeScript fidelity server for the matrix: `node interop/dist/fidelity/serve-fidelity.js --port 0`
// serves FidelityService (with health and reflection, so the case runner reads its schema) on 127.0.0.1 and
// prints `listening on <host>:<port>`, like the seed servers; SIGTERM or SIGINT stops it. It is a process of
// its own because @polyrpc/server is published and the fidelity proto is test-only.
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { createServer, service } from "@polyrpc/grpc";
import { FidelityService } from "../gen/polyrpc/fidelity/v1/fidelity_pb.js";
import { createFidelityService } from "./fidelity-service.js";

/** Starts the server; resolves to 0 once it listens, or 1 after printing `polyrpc: <why>` for bad options. */
export async function main(argv: readonly string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { host: { type: "string", default: "127.0.0.1" }, port: { type: "string", default: "0" } },
      strict: true,
    }));
  } catch (e) {
    process.stderr.write(`polyrpc: serve-fidelity: ${(e as Error).message.replace(/\. To specify.*$/s, "")}\n`);
    return 1;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`polyrpc: serve-fidelity: --port ${values.port}: not a port number (0-65535)\n`);
    return 1;
  }
  const server = createServer({ services: [service(FidelityService, createFidelityService())] });
  const address = await server.listen(port, values.host);
  server.shutdownOnSignals();
  console.log(`listening on ${address.host}:${address.port}`);
  return 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then((code) => {
    if (code !== 0) process.exit(code);
  });
}
