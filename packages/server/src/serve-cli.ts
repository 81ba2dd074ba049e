import { parseArgs } from "node:util";
import { readFileSync } from "node:fs";
import { bearerTokenAuth, createServer, loadLimitsConfig, type AuthOptions, type LimitsConfig, type ServerTlsConfig } from "@polyrpc/grpc";
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
  --tls-cert <file>        serve TLS with this PEM certificate chain (needs --tls-key)
  --tls-key <file>         the PEM private key of --tls-cert
  --tls-ca <file>          require client certificates signed by this PEM CA (mutual TLS)
  --auth-token-file <file> require "authorization: Bearer <token>" on every call but health checks;
                           the file holds the accepted tokens, one a line (# comments allowed)
  --config <file>          limits (message sizes, concurrent streams, keepalive) as JSON; see SECURITY.md
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
        "tls-cert": { type: "string" },
        "tls-key": { type: "string" },
        "tls-ca": { type: "string" },
        "auth-token-file": { type: "string" },
        config: { type: "string" },
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

  let tls: ServerTlsConfig | undefined;
  let auth: AuthOptions | undefined;
  let limits: LimitsConfig | undefined;
  let server;
  try {
    tls = tlsOptions(values["tls-cert"], values["tls-key"], values["tls-ca"]);
    if (values["auth-token-file"] !== undefined) auth = { check: bearerTokenAuth(readTokens(values["auth-token-file"])) };
    if (values.config !== undefined) limits = loadLimitsConfig(values.config);
    server = createServer({
      services: await createSeedServices({ pushIntervalMs: pushInterval * 1000 }),
      shutdownGraceMs: grace * 1000,
      tls,
      auth,
      limits,
      grpcOptions: values.interop === true ? { interceptors: [interopEchoInterceptor] } : undefined,
    });
  } catch (e) {
    return fail((e as Error).message);
  }
  try {
    const address = await server.listen(port, values.host);
    server.shutdownOnSignals();
    // An IPv6 literal in brackets, as a gRPC target names it (`[::]:50051`), like the Python servers print.
    console.log(`listening on ${address.host.includes(":") ? `[${address.host}]` : address.host}:${address.port}`);
    return 0;
  } catch (e) {
    await server.shutdown(0);
    return fail((e as Error).message);
  }
}

/** The --tls-* options as a TLS config; undefined for plaintext. Throws on a half-given pair. */
function tlsOptions(cert: string | undefined, key: string | undefined, ca: string | undefined): ServerTlsConfig | undefined {
  if (cert === undefined && key === undefined) {
    if (ca !== undefined) throw new Error("--tls-ca given without --tls-cert and --tls-key");
    return undefined;
  }
  if (cert === undefined) throw new Error("--tls-key given without --tls-cert");
  if (key === undefined) throw new Error("--tls-cert given without --tls-key");
  return { cert, key, ca };
}

/** The tokens of an --auth-token-file: one a line, blank lines and # comments skipped. */
function readTokens(path: string): string[] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new Error(`--auth-token-file ${path}: cannot read it: ${(e as Error).message}`, { cause: e });
  }
  const tokens = text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"));
  if (tokens.length === 0) throw new Error(`--auth-token-file ${path}: no token in it`);
  if (tokens.some((t) => /\s/.test(t))) throw new Error(`--auth-token-file ${path}: a token contains whitespace`);
  return tokens;
}

function fail(message: string): number {
  process.stderr.write(`polyrpc-server: ${message}\n`);
  return 1;
}
