import { parseArgs } from "node:util";
import { createServer } from "@polyrpc/grpc";
import { interopEchoInterceptor } from "./interop-echo.js";
import { createSeedServices } from "./seed-services.js";

const help = `Usage: polyrpc-server [options]

Serves every seed service (Greeter, FirstMsg, RouteGuide, Contact, Indicator, IndicatorGraph), with
gRPC health checking and reflection, on one port. Prints "listening on <host>:<port>" once ready and
shuts down gracefully on SIGINT or SIGTERM.

Options:
  --host <host>            address to bind (default 127.0.0.1)
  --port <port>            port to bind; 0 lets the OS pick (default 50051)
  --push-interval <secs>   Contact's pause between pushed task rounds (default 1; the seed used 40)
  --grace <secs>           how long shutdown waits for in-flight calls (default 5)
  --interop                echo the x-grpc-test-echo-* headers, for the interop suite (not for production)
  -h, --help               show this help
  -v, --version            print the version
`;

/** Runs the server CLI; resolves once the server listens (it then runs until a signal). */
export async function main(argv: readonly string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        host: { type: "string", default: "127.0.0.1" },
        port: { type: "string", default: "50051" },
        "push-interval": { type: "string", default: "1" },
        grace: { type: "string", default: "5" },
        interop: { type: "boolean" },
        help: { type: "boolean", short: "h" },
        version: { type: "boolean", short: "v" },
      },
      strict: true,
    }));
  } catch (e) {
    return fail(`${(e as Error).message.replace(/\. To specify.*$/s, "")} (see polyrpc-server --help)`);
  }
  if (values.help === true) {
    process.stdout.write(help);
    return 0;
  }
  if (values.version === true) {
    const { createRequire } = await import("node:module");
    const pkg = createRequire(import.meta.url)("../package.json") as { name: string; version: string };
    process.stdout.write(`${pkg.name} ${pkg.version}\n`);
    return 0;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) return fail(`--port ${values.port}: not a port number (0-65535)`);
  const pushInterval = Number(values["push-interval"]);
  if (!Number.isFinite(pushInterval) || pushInterval < 0) return fail(`--push-interval ${values["push-interval"]}: not a number of seconds >= 0`);
  const grace = Number(values.grace);
  if (!Number.isFinite(grace) || grace < 0) return fail(`--grace ${values.grace}: not a number of seconds >= 0`);

  const server = createServer({
    services: await createSeedServices({ pushIntervalMs: pushInterval * 1000 }),
    shutdownGraceMs: grace * 1000,
    grpcOptions: values.interop === true ? { interceptors: [interopEchoInterceptor] } : undefined,
  });
  try {
    const address = await server.listen(port, values.host);
    server.shutdownOnSignals();
    console.log(`listening on ${address.host}:${address.port}`);
    return 0;
  } catch (e) {
    await server.shutdown(0);
    return fail((e as Error).message);
  }
}

function fail(message: string): number {
  process.stderr.write(`polyrpc-server: ${message}\n`);
  return 1;
}
