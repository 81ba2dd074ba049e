import { asUserError, parseCliArgs, portOption, readOptionFile, requirePair, runCli, UserError } from "@polyrpc/cli-kit";
import { bearerTokenAuth, createServer, loadLimitsConfig, type AuthOptions, type ServerTlsConfig } from "@polyrpc/grpc";
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

/**
 * Runs the server CLI with `argv` (without node and script); resolves to 0 once the server listens (it then runs
 * until a signal). A user error prints `polyrpc-server: <message>` and gives 1; a bug prints its stack and gives
 * 2 (@polyrpc/cli-kit's contract).
 */
export function main(argv: readonly string[]): Promise<number> {
  return runCli(() => serve(argv), { prog: "polyrpc-server" });
}

async function serve(argv: readonly string[]): Promise<number> {
  const { values } = parseCliArgs(
    {
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
    },
    { help: "polyrpc-server --help" },
  );
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
  const port = portOption(values.port);
  const pushInterval = secondsOption("--push-interval", values["push-interval"]);
  const grace = secondsOption("--grace", values.grace);
  const tls = tlsOptions(values["tls-cert"], values["tls-key"], values["tls-ca"]);
  const auth: AuthOptions | undefined = values["auth-token-file"] === undefined ? undefined : { check: bearerTokenAuth(readTokens(values["auth-token-file"])) };
  // The limits file and the TLS files are the user's: @polyrpc/grpc's errors about them name the file and why.
  const limits = values.config === undefined ? undefined : asUserError(() => loadLimitsConfig(values.config!));
  const services = await createSeedServices({ pushIntervalMs: pushInterval * 1000 });
  const server = asUserError(() =>
    createServer({
      services,
      shutdownGraceMs: grace * 1000,
      tls,
      auth,
      limits,
      grpcOptions: values.interop === true ? { interceptors: [interopEchoInterceptor] } : undefined,
    }),
  );
  try {
    const address = await server.listen(port, values.host);
    server.shutdownOnSignals();
    // An IPv6 literal in brackets, as a gRPC target names it (`[::]:50051`), like the Python servers print.
    console.log(`listening on ${address.host.includes(":") ? `[${address.host}]` : address.host}:${address.port}`);
    return 0;
  } catch (e) {
    await server.shutdown(0);
    // An address in use or not available is the environment's, not a bug.
    throw new UserError((e as Error).message, { cause: e });
  }
}

/** A number of seconds >= 0, or a user error naming the option and the value. */
function secondsOption(option: string, value: string): number {
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds < 0) throw new UserError(`${option} ${value}: not a number of seconds >= 0`);
  return seconds;
}

/** The --tls-* options as a TLS config; undefined for plaintext. Throws on a half-given pair. */
function tlsOptions(cert: string | undefined, key: string | undefined, ca: string | undefined): ServerTlsConfig | undefined {
  if (cert === undefined && key === undefined) {
    if (ca !== undefined) throw new UserError("--tls-ca given without --tls-cert and --tls-key");
    return undefined;
  }
  requirePair({ "tls-cert": cert, "tls-key": key }, "tls-cert", "tls-key");
  return { cert: cert!, key: key!, ca };
}

/** The tokens of an --auth-token-file: one a line, blank lines and # comments skipped. */
function readTokens(path: string): string[] {
  const tokens = readOptionFile("--auth-token-file", path)
    .toString("utf8")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"));
  if (tokens.length === 0) throw new UserError(`--auth-token-file ${path}: no token in it`);
  if (tokens.some((t) => /\s/.test(t))) throw new UserError(`--auth-token-file ${path}: a token contains whitespace`);
  return tokens;
}
