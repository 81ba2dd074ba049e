import { toJson } from "@bufbuild/protobuf";
import { createChannel } from "@polyrpc/grpc";
import { readAllText, type CommandIo } from "../io.js";
import { integerOption, parseCommandArgs, stringOption } from "../parse-command-args.js";
import { UserError } from "../user-error.js";
import { invokeMethod } from "./invoke-method.js";
import { createMethodRegistry } from "./method-registry.js";
import { parseHeaders } from "./parse-headers.js";
import { parseRequests } from "./parse-requests.js";
import { transportConfig } from "./transport-security.js";

/** The deadline of a call without --timeout: long enough for any seed method, short enough not to hang. */
export const DEFAULT_CALL_TIMEOUT_MS = 10_000;

/** The text of `polyrpc call --help`. */
export const callHelp: string = `Usage: polyrpc call <target> <package.Service/Method> [json] [options]

Calls one method of a running gRPC server, like grpcurl. The request is proto3 JSON;
each response is printed as proto3 JSON with a 2-space indent, one per message.

Arguments:
  <target>     the server as host:port (or any grpc-js target, such as dns:///host:port)
  <method>     package.Service/Method with the .proto's names, such as routeguide.RouteGuide/GetFeature,
               or Greeter/SayHello for a file without a package; a leading / is allowed
  [json]       the request; when absent or -, it is read from stdin. Unary and server-streaming
               methods take one JSON value (empty input means {}); client-streaming and bidi
               methods take a sequence of JSON values, one per message, separated by whitespace
               (one per line, for example)

Options:
  -H, --header 'key: value'  send a request header; repeatable; the value of a -bin key is base64
  --timeout <ms>             the call's deadline in milliseconds (default ${DEFAULT_CALL_TIMEOUT_MS}; 0: none)
  --ca <file>                trust this PEM CA for the server's certificate (implies TLS)
  --cert <file>              present this PEM client certificate, for mutual TLS (needs --key)
  --key <file>               the PEM private key of --cert
  --tls                      use TLS with the public roots even for a loopback target
  --insecure                 use TLS but accept any server certificate (encrypted, not authenticated)
  --plaintext                no TLS, whatever the target

Transport: a loopback target (127.x.x.x, ::1, localhost, unix:) is called over plaintext unless a TLS
option is given; any other target over TLS with the public roots (grpcurl's default) unless --plaintext.
For a server that requires a token: -H 'authorization: Bearer <token>'.
  -h, --help                 show this help

The methods are those of @polyrpc/stubs; an unknown method lists them. Every request is checked
before anything is sent. Exit status: 0 on success, 1 when the call fails (printed as
polyrpc: <CODE>: <message>) or the input is wrong.

Examples:
  polyrpc call 127.0.0.1:50051 Greeter/SayHello '{"name": "World"}'
  polyrpc call 127.0.0.1:50051 routeguide.RouteGuide/ListFeatures \\
    '{"lo": {"latitude": 400000000, "longitude": -750000000}, "hi": {"latitude": 420000000, "longitude": -730000000}}'
  printf '{"latitude": 1}\\n{"latitude": 2}\\n' | polyrpc call 127.0.0.1:50051 routeguide.RouteGuide/RecordRoute
`;

const options = {
  header: { type: "string", short: "H", multiple: true },
  timeout: { type: "string" },
  ca: { type: "string" },
  cert: { type: "string" },
  key: { type: "string" },
  tls: { type: "boolean" },
  insecure: { type: "boolean" },
  plaintext: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/**
 * `polyrpc call`: resolves the method, reads and checks every request, makes the call and prints the
 * responses. Resolves to the exit code; user errors and failed calls are thrown for the CLI to print.
 */
export async function callCommand(argv: readonly string[], io: CommandIo): Promise<number> {
  const args = parseCommandArgs("call", argv, options);
  if (args.values["help"] === true) {
    io.stdout(callHelp);
    return 0;
  }
  const [target, methodName, json, ...extra] = args.positionals;
  if (target === undefined || methodName === undefined) {
    throw new UserError("call: expected <target> <package.Service/Method> [json] (see polyrpc call --help)");
  }
  if (extra.length > 0) {
    throw new UserError(`call: unexpected argument ${JSON.stringify(extra[0])}; the request JSON must be one argument (quote it)`);
  }
  const methods = createMethodRegistry();
  const method = methods.resolve(methodName);
  const metadata = parseHeaders((args.values["header"] as string[] | undefined) ?? []);
  const timeoutMs = integerOption("call", args, "timeout", "milliseconds", DEFAULT_CALL_TIMEOUT_MS);
  const transport = transportConfig(target, {
    ca: stringOption(args, "ca"),
    cert: stringOption(args, "cert"),
    key: stringOption(args, "key"),
    tls: args.values["tls"] === true,
    insecure: args.values["insecure"] === true,
    plaintext: args.values["plaintext"] === true,
  });

  let text: string;
  if (json === undefined || json === "-") {
    if (io.stdinIsTTY === true) io.stderr("polyrpc: reading the request JSON from stdin; end it with Ctrl-D\n");
    text = await readAllText(io.stdin);
  } else {
    text = json;
  }
  const requests = parseRequests(method, text, methods.registry);

  let channel;
  try {
    channel = createChannel(target, transport);
  } catch (e) {
    throw new UserError(`call: invalid target ${JSON.stringify(target)}: ${(e as Error).message}`);
  }
  try {
    const callOptions = { metadata, ...(timeoutMs > 0 ? { timeoutMs } : {}) };
    for await (const response of invokeMethod(channel, method, requests, callOptions)) {
      io.stdout(JSON.stringify(toJson(method.output, response, { registry: methods.registry }), null, 2) + "\n");
    }
  } finally {
    channel.close();
  }
  return 0;
}
