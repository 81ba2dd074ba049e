import { createChannel, type CallOptions, type Channel } from "@polyrpc/grpc";
import { transportConfig, transportFlags } from "../call/transport-security.js";
import { parseHeaders } from "../call/parse-headers.js";
import { integerOption, type CommandArgs } from "../parse-command-args.js";
import { UserError } from "@polyrpc/cli-kit";
import { protoFilesSource, protosetSource, reflectionSource, type SchemaSource } from "./schema-source.js";

/** The deadline of a call without --timeout: long enough for any seed method, short enough not to hang. */
export const DEFAULT_CALL_TIMEOUT_MS = 10_000;

/** The options `list`, `describe` and `call` share: where the schema comes from, and how to connect. */
export const schemaOptions = {
  proto: { type: "string", multiple: true },
  "import-path": { type: "string", short: "I", multiple: true },
  protoset: { type: "string", multiple: true },
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

/** The help lines of {@link schemaOptions}. */
export const schemaOptionsHelp = `Schema (default: the server's reflection, v1 or v1alpha):
  --proto <file>             compile this .proto with protoc (from grpcio-tools) and use it instead;
                             repeatable. Imports resolve against --import-path; google/protobuf/*.proto
                             always resolve
  -I, --import-path <dir>    a folder .proto imports are resolved from (default: the working directory);
                             repeatable, searched in order
  --protoset <file>          use this FileDescriptorSet (protoc --descriptor_set_out --include_imports,
                             buf build -o x.binpb) instead; repeatable

Connection:
  -H, --header 'key: value'  send a request header (with reflection requests too); repeatable; the value
                             of a -bin key is base64
  --timeout <ms>             each call's deadline in milliseconds (default ${DEFAULT_CALL_TIMEOUT_MS}; 0: none)
  --ca <file>                trust this PEM CA for the server's certificate (implies TLS)
  --cert <file>              present this PEM client certificate, for mutual TLS (needs --key)
  --key <file>               the PEM private key of --cert
  --tls                      use TLS with the public roots even for a loopback target
  --insecure                 use TLS but accept any server certificate (encrypted, not authenticated)
  --plaintext                no TLS, whatever the target
  -h, --help                 show this help

Transport: a loopback target (127.x.x.x, ::1, localhost, unix:) is called over plaintext unless a TLS
option is given; any other target over TLS with the public roots (grpcurl's default) unless --plaintext.
For a server that requires a token: -H 'authorization: Bearer <token>'.
`;

/** A parsed connection: the channel (if a target was given), the options of every call, the schema. */
export interface SchemaConnection {
  channel: Channel | undefined;
  callOptions: CallOptions;
  schema: SchemaSource;
  /** True when the schema comes from files (--proto, --protoset), not reflection. */
  fromFiles: boolean;
  close(): void;
}

/**
 * Checks the shared options of `command`, opens a channel to `target` (when given) and picks the schema
 * source: --proto files, --protoset files, or the server's reflection. Option errors are user errors
 * naming the command and option.
 */
export async function openSchema(command: string, args: CommandArgs, target: string | undefined, cwd: string): Promise<SchemaConnection> {
  const protos = (args.values["proto"] as string[] | undefined) ?? [];
  const importPaths = (args.values["import-path"] as string[] | undefined) ?? [];
  const protosets = (args.values["protoset"] as string[] | undefined) ?? [];
  if (protos.length > 0 && protosets.length > 0) throw new UserError(`${command}: --proto cannot be combined with --protoset`);
  if (importPaths.length > 0 && protos.length === 0) throw new UserError(`${command}: --import-path given without --proto`);
  const metadata = parseHeaders((args.values["header"] as string[] | undefined) ?? []);
  const timeoutMs = integerOption(command, args, "timeout", "milliseconds", DEFAULT_CALL_TIMEOUT_MS);
  const callOptions: CallOptions = { metadata, ...(timeoutMs > 0 ? { timeoutMs } : {}) };
  let channel: Channel | undefined;
  if (target !== undefined) {
    const transport = transportConfig(target, transportFlags(args));
    try {
      channel = createChannel(target, transport);
    } catch (e) {
      throw new UserError(`${command}: invalid target ${JSON.stringify(target)}: ${(e as Error).message}`);
    }
  }
  const close = () => channel?.close();
  try {
    let schema: SchemaSource;
    if (protos.length > 0) schema = await protoFilesSource(protos, importPaths, cwd);
    else if (protosets.length > 0) schema = await protosetSource(protosets);
    else if (channel !== undefined) schema = reflectionSource(channel, target!, callOptions);
    else throw new UserError(`${command}: expected a <target> (or --proto / --protoset for the schema alone)`);
    return { channel, callOptions, schema, fromFiles: protos.length + protosets.length > 0, close };
  } catch (e) {
    close();
    throw e;
  }
}

/**
 * Splits the positionals of `list` and `describe` into the target and the rest. The target comes first
 * and is required, except with --proto or --protoset, where a first positional without a `:` (which
 * host:port, dns:/// and unix: targets have, and symbols never) is already the symbol.
 */
export function splitTarget(command: string, args: CommandArgs, usage: string): [string | undefined, ...string[]] {
  const positionals = [...args.positionals];
  const fromFiles = args.values["proto"] !== undefined || args.values["protoset"] !== undefined;
  if (fromFiles && positionals.length === 1 && !positionals[0]!.includes(":")) return [undefined, positionals[0]!];
  if (fromFiles && positionals.length === 0) return [undefined];
  if (positionals.length === 0) throw new UserError(`${command}: expected ${usage} (see polyrpc ${command} --help)`);
  return positionals as [string, ...string[]];
}
