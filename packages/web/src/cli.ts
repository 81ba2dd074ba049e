// The polyrpc-web command: a gRPC-web gateway in front of one gRPC server.
import { parseCliArgs, portOption, readOptionFile, requirePair, runCli, UserError } from "@polyrpc/cli-kit";
import { createWebGateway, type WebGatewayOptions } from "./create-web-gateway.js";
import { parseBackend } from "./backend-connection.js";

const help = `Usage: polyrpc-web --backend HOST:PORT [options]

A gRPC-web gateway: browsers (and any gRPC-web client) call the gRPC server at --backend through it, with
application/grpc-web+proto or application/grpc-web-text, over HTTP/1.1 (or h2 with --tls-cert). Prints
"gRPC-web on http://HOST:PORT" once it accepts requests; stops on SIGINT or SIGTERM.

Options:
  --backend <host:port>        the gRPC server to forward to (required)
  --host <host>                address to bind (default 127.0.0.1)
  --port <port>                port to bind; 0 lets the OS pick (default 8080)
  --allow-origin <origin>      a browser origin allowed to call (CORS), e.g. http://localhost:5173; repeat
                               for several, * for any (default: none, only same-origin and non-browser clients)
  --forward-header <name>      a request header to forward besides authorization and x-* (repeatable)
  --max-message-bytes <n>      largest request message (default 4194304, the backends' default)
  --tls-cert <file>            serve HTTPS (h2 and HTTP/1.1) with this PEM certificate chain (needs --tls-key)
  --tls-key <file>             the PEM private key of --tls-cert
  --backend-tls                connect to the backend over TLS (with the system CAs unless --backend-ca)
  --backend-ca <file>          PEM CA that signed the backend's certificate (implies --backend-tls)
  --backend-cert <file>        PEM client certificate for a backend that requires mutual TLS
  --backend-key <file>         the PEM private key of --backend-cert
  -h, --help                   show this help
  -v, --version                print the version
`;

/**
 * Runs the polyrpc-web CLI with `argv` (without node and script); resolves to 0 once the gateway listens (it then
 * runs until a signal). A user error prints `polyrpc-web: <message>` and gives 1; a bug prints its stack and gives
 * 2 (@polyrpc/cli-kit's contract).
 */
export function main(argv: readonly string[]): Promise<number> {
  return runCli(() => serve(argv), { prog: "polyrpc-web" });
}

async function serve(argv: readonly string[]): Promise<number> {
  const { values } = parseCliArgs(
    {
      args: [...argv],
      options: {
        backend: { type: "string" },
        host: { type: "string", default: "127.0.0.1" },
        port: { type: "string", default: "8080" },
        "allow-origin": { type: "string", multiple: true, default: [] },
        "forward-header": { type: "string", multiple: true, default: [] },
        "max-message-bytes": { type: "string" },
        "tls-cert": { type: "string" },
        "tls-key": { type: "string" },
        "backend-tls": { type: "boolean" },
        "backend-ca": { type: "string" },
        "backend-cert": { type: "string" },
        "backend-key": { type: "string" },
        help: { type: "boolean", short: "h" },
        version: { type: "boolean", short: "v" },
      },
      strict: true,
    },
    { help: "polyrpc-web --help" },
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
  if (values.backend === undefined) throw new UserError("--backend HOST:PORT is required (see polyrpc-web --help)");
  const port = portOption(values.port);
  try {
    parseBackend(values.backend);
  } catch (e) {
    throw new UserError((e as Error).message, { cause: e });
  }
  const options: WebGatewayOptions = { backend: values.backend, allowOrigins: values["allow-origin"] };
  for (const origin of values["allow-origin"]) {
    if (origin !== "*" && !/^https?:\/\/[^/]+$/.test(origin)) throw new UserError(`--allow-origin ${origin}: expected scheme://host[:port] (no path) or *`);
  }
  if (values["forward-header"].length > 0) options.forwardHeaders = ["authorization", /^x-/, ...values["forward-header"].map((h) => h.toLowerCase())];
  if (values["max-message-bytes"] !== undefined) {
    const max = Number(values["max-message-bytes"]);
    if (!/^\d+$/.test(values["max-message-bytes"]) || max < 1)
      throw new UserError(`--max-message-bytes ${values["max-message-bytes"]}: not a positive number of bytes`);
    options.maxRequestMessageBytes = max;
  }
  requirePair(values, "tls-cert", "tls-key");
  const [cert, key] = [values["tls-cert"], values["tls-key"]];
  if (cert !== undefined && key !== undefined) options.tls = { cert: readOptionFile("--tls-cert", cert), key: readOptionFile("--tls-key", key) };
  requirePair(values, "backend-cert", "backend-key");
  const [bcert, bkey] = [values["backend-cert"], values["backend-key"]];
  if (values["backend-tls"] === true || values["backend-ca"] !== undefined || bcert !== undefined) {
    options.backendTls = {
      ca: values["backend-ca"] === undefined ? undefined : readOptionFile("--backend-ca", values["backend-ca"]),
      cert: bcert === undefined ? undefined : readOptionFile("--backend-cert", bcert),
      key: bkey === undefined ? undefined : readOptionFile("--backend-key", bkey),
    };
  }
  const gateway = createWebGateway(options);
  try {
    const address = await gateway.listen(port, values.host);
    for (const signal of ["SIGINT", "SIGTERM"] as const) {
      process.once(signal, () => void gateway.close().then(() => process.exit(0)));
    }
    console.log(`gRPC-web on ${address.url}`);
    return 0;
  } catch (e) {
    await gateway.close();
    // An address in use or not available is the environment's, not a bug.
    throw new UserError(`cannot listen on ${values.host}:${values.port}: ${(e as Error).message}`, { cause: e });
  }
}
