import { toJson, type Registry } from "@bufbuild/protobuf";
import { Code, RpcError, type Metadata } from "@polyrpc/grpc";
import { readAllText, type CommandIo } from "../io.js";
import { parseCommandArgs } from "../parse-command-args.js";
import { NoReflectionError } from "../schema/reflection-client.js";
import { resolveMethod, type ResolvedMethod } from "../schema/resolve-method.js";
import { openSchema, schemaOptions, schemaOptionsHelp } from "../schema/schema-options.js";
import { UserError } from "@polyrpc/cli-kit";
import { invokeMethod } from "./invoke-method.js";
import { createMethodRegistry } from "./method-registry.js";
import { parseRequests } from "./parse-requests.js";
import { statusDetailLines } from "./status-details.js";

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

Output:
  -v, --verbose              also print, to stderr, the method, the response headers and trailers,
                             the status and the time the call took
  --emit-defaults            print fields that have their default value (0, "", false, [], {}) too

${schemaOptionsHelp}
JSON is proto3's mapping both ways: 64-bit integers as strings (numbers are accepted), enums by name
(numbers are accepted), bytes as base64, well-known types in their JSON forms (Timestamp as RFC 3339).
Without --proto or --protoset, a server that has no reflection is called with polyrpc's own stubs.
Every request is checked before anything is sent. Exit status: 0 on success, 1 when the call fails
(printed as polyrpc: <CODE>: <message>, after the google.rpc.Status details of grpc-status-details-bin
if the server sent them) or the input is wrong.

Examples:
  polyrpc call 127.0.0.1:50051 Greeter/SayHello '{"name": "World"}'
  polyrpc call 127.0.0.1:50051 routeguide.RouteGuide/ListFeatures \\
    '{"lo": {"latitude": 400000000, "longitude": -750000000}, "hi": {"latitude": 420000000, "longitude": -730000000}}'
  printf '{"latitude": 1}\\n{"latitude": 2}\\n' | polyrpc call 127.0.0.1:50051 routeguide.RouteGuide/RecordRoute
  polyrpc call 127.0.0.1:50051 shop.v1.Shop/GetItem --proto shop/v1/shop.proto -I proto '{"id": "7"}'
`;

const options = {
  ...schemaOptions,
  verbose: { type: "boolean", short: "v" },
  "emit-defaults": { type: "boolean" },
} as const;

/**
 * `polyrpc call`: resolves the method (reflection, files, or the stubs), reads and checks every
 * request, makes the call and prints the responses. Resolves to the exit code; user errors and failed
 * calls are thrown for the CLI to print.
 */
export async function callCommand(argv: readonly string[], io: CommandIo, cwd: string = process.cwd()): Promise<number> {
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
  const verbose = args.values["verbose"] === true;
  const emitDefaults = args.values["emit-defaults"] === true;
  const connection = await openSchema("call", args, target, cwd);
  try {
    let resolved: ResolvedMethod;
    let origin = connection.schema.origin;
    try {
      resolved = await resolveMethod(connection.schema, methodName);
    } catch (e) {
      if (!(e instanceof NoReflectionError)) throw e;
      // A server without reflection still answers the project's own services.
      const stubs = createMethodRegistry();
      const fallback = stubs.find(methodName);
      if (fallback === undefined) throw new UserError(`${e.message} (polyrpc's own stubs, the fallback, have no method ${JSON.stringify(methodName)})`);
      resolved = { method: fallback, registry: stubs.registry };
      origin = "polyrpc's own stubs (the server has no reflection)";
    }
    const { method, registry } = resolved;
    if (verbose) io.stderr(`polyrpc: ${method.parent.typeName}/${method.name} (${method.methodKind.replace("_", "-")}) from ${origin}\n`);

    let text: string;
    if (json === undefined || json === "-") {
      if (io.stdinIsTTY === true) io.stderr("polyrpc: reading the request JSON from stdin; end it with Ctrl-D\n");
      text = await readAllText(io.stdin);
    } else {
      text = json;
    }
    const requests = parseRequests(method, text, registry);
    const started = performance.now();
    const callOptions = {
      ...connection.callOptions,
      ...(verbose
        ? {
            onHeader: (headers: Metadata) => io.stderr(`polyrpc: response headers:\n${metadataLines(headers)}`),
            onTrailer: (trailers: Metadata) => io.stderr(`polyrpc: response trailers:\n${metadataLines(trailers)}`),
          }
        : {}),
    };
    let count = 0;
    try {
      for await (const response of invokeMethod(connection.channel!, method, requests, callOptions)) {
        count++;
        io.stdout(printJson(response, method.output, registry, emitDefaults));
      }
    } catch (e) {
      if (verbose && e instanceof RpcError) io.stderr(`polyrpc: status ${Code[e.code] ?? e.code} after ${elapsed(started)}, ${count} response(s)\n`);
      // Printed before the status line, so that the last line is still polyrpc: <CODE>: <message>.
      const details = e instanceof RpcError ? statusDetailLines(e.metadata, registry) : [];
      if (details.length > 0) io.stderr(`polyrpc: error details (google.rpc.Status):\n${details.map((line) => `  ${line}\n`).join("")}`);
      throw e;
    }
    if (verbose) io.stderr(`polyrpc: status OK after ${elapsed(started)}, ${requests.length} request(s), ${count} response(s)\n`);
  } finally {
    connection.close();
  }
  return 0;
}

function printJson(message: Parameters<typeof toJson>[1], schema: Parameters<typeof toJson>[0], registry: Registry, emitDefaults: boolean): string {
  return `${JSON.stringify(toJson(schema, message, { registry, alwaysEmitImplicit: emitDefaults }), null, 2)}\n`;
}

/** Metadata as `  key: value` lines, binary values in base64; `  (none)` when empty. */
function metadataLines(metadata: Metadata): string {
  const map = metadata.getMap();
  const keys = Object.keys(map).sort();
  if (keys.length === 0) return "  (none)\n";
  return keys
    .map((k) =>
      metadata
        .get(k)
        .map((v) => `  ${k}: ${typeof v === "string" ? v : Buffer.from(v).toString("base64")}\n`)
        .join(""),
    )
    .join("");
}

function elapsed(started: number): string {
  return `${(performance.now() - started).toFixed(1)} ms`;
}
