import type { Registry } from "@bufbuild/protobuf";
import type { CommandIo } from "../io.js";
import { parseCommandArgs } from "../parse-command-args.js";
import { describeSymbol } from "../schema/describe-symbol.js";
import { nearMatches } from "../schema/near-matches.js";
import { suggest } from "../schema/resolve-method.js";
import { openSchema, splitTarget, schemaOptions, schemaOptionsHelp } from "../schema/schema-options.js";
import { UserError } from "@polyrpc/cli-kit";

/** The text of `polyrpc describe --help`. */
export const describeHelp: string = `Usage: polyrpc describe <target> [symbol] [options]

Prints the definition of a service, method, message or enum of a running gRPC server as .proto source,
like grpcurl describe. The symbol is fully qualified (routeguide.RouteGuide, routeguide.RouteGuide.GetFeature,
routeguide.Point); without one, every service is described. With --proto or --protoset the <target> may
be left out.

${schemaOptionsHelp}
Examples:
  polyrpc describe 127.0.0.1:50051 routeguide.RouteGuide
  polyrpc describe 127.0.0.1:50051 routeguide.RouteNote
`;

/** `polyrpc describe`: prints symbols of the schema as .proto source. */
export async function describeCommand(argv: readonly string[], io: CommandIo, cwd: string): Promise<number> {
  const args = parseCommandArgs("describe", argv, schemaOptions);
  if (args.values["help"] === true) {
    io.stdout(describeHelp);
    return 0;
  }
  const [target, symbol, ...extra] = splitTarget("describe", args, "<target> [symbol]");
  if (extra.length > 0) throw new UserError(`describe: unexpected argument ${JSON.stringify(extra[0])} (see polyrpc describe --help)`);
  const connection = await openSchema("describe", args, target, cwd);
  try {
    const symbols = symbol === undefined ? await connection.schema.services() : [symbol.replace(/^\./, "")];
    const texts: string[] = [];
    for (const name of symbols) {
      let registry = await connection.schema.load(name);
      const text = describeIn(registry, name);
      if (text === undefined) {
        // Near matches come from every service's files, which reflection fetches only now.
        const services = await connection.schema.services();
        for (const service of services) registry = await connection.schema.load(service);
        const known = [...registry].flatMap((t) =>
          t.kind === "service" ? [t.typeName, ...t.methods.map((m) => `${t.typeName}.${m.name}`)] : t.kind === "extension" ? [] : [t.typeName],
        );
        // With nothing near, the services are where to start looking (every symbol would be too many).
        const near = nearMatches(name, known);
        const hint = near.length > 0 ? `did you mean ${near.join(", ")}?` : suggest(name, services, "its services are");
        throw new UserError(`unknown symbol ${JSON.stringify(name)} in ${connection.schema.origin}; ${hint}`);
      }
      texts.push(text);
    }
    io.stdout(texts.join("\n"));
    return 0;
  } finally {
    connection.close();
  }
}

/** The description of `name` (service, method, message or enum) in `registry`, or undefined. */
function describeIn(registry: Registry, name: string): string | undefined {
  const type = registry.get(name);
  if (type !== undefined && type.kind !== "extension") return describeSymbol(type);
  const cut = name.lastIndexOf(".");
  const method = cut > 0 ? registry.getService(name.slice(0, cut))?.methods.find((m) => m.name === name.slice(cut + 1)) : undefined;
  return method === undefined ? undefined : describeSymbol(method);
}
