// The TypeScript fidelity server for the matrix: `node interop/dist/fidelity/serve-fidelity.js --port 0`
// serves FidelityService (with health and reflection, so the case runner reads its schema) on 127.0.0.1 and
// prints `listening on <host>:<port>`, like the seed servers; SIGTERM or SIGINT stops it. It is a process of
// its own because @polyrpc/server is published and the fidelity proto is test-only.
import { fileURLToPath } from "node:url";
import { parseCliArgs, portOption, runCli } from "@polyrpc/cli-kit";
import { createServer, service } from "@polyrpc/grpc";
import { FidelityService } from "../gen/polyrpc/fidelity/v1/fidelity_pb.js";
import { createFidelityService } from "./fidelity-service.js";

/** Starts the server; resolves to 0 once it listens. Bad options throw the CLI contract's `UserError`. */
export async function main(argv: readonly string[]): Promise<number> {
  const { values } = parseCliArgs(
    { args: [...argv], options: { host: { type: "string", default: "127.0.0.1" }, port: { type: "string", default: "0" } }, strict: true },
    { command: "serve-fidelity" },
  );
  const port = portOption(values.port);
  const server = createServer({ services: [service(FidelityService, createFidelityService())] });
  const address = await server.listen(port, values.host);
  server.shutdownOnSignals();
  console.log(`listening on ${address.host}:${address.port}`);
  return 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  runCli(() => main(process.argv.slice(2)), { prog: "polyrpc" }).then((code) => {
    if (code !== 0) process.exit(code);
  });
}
