import type { CommandIo } from "../io.js";
import { parseCommandArgs } from "../parse-command-args.js";
import { suggest } from "../schema/resolve-method.js";
import { openSchema, splitTarget, schemaOptions, schemaOptionsHelp } from "../schema/schema-options.js";
import { UserError } from "@polyrpc/cli-kit";

/** The text of `polyrpc list --help`. */
export const listHelp: string = `Usage: polyrpc list <target> [package.Service] [options]

Lists the services of a running gRPC server, one fully qualified name per line, sorted; with a service,
lists its methods as package.Service.Method, like grpcurl. With --proto or --protoset the <target> may
be left out: the files' services are listed.

${schemaOptionsHelp}
Examples:
  polyrpc list 127.0.0.1:50051
  polyrpc list 127.0.0.1:50051 routeguide.RouteGuide
  polyrpc list --proto shop/v1/shop.proto -I proto
`;

/** `polyrpc list`: prints the services of the schema, or the methods of one service. */
export async function listCommand(argv: readonly string[], io: CommandIo, cwd: string): Promise<number> {
  const args = parseCommandArgs("list", argv, schemaOptions);
  if (args.values["help"] === true) {
    io.stdout(listHelp);
    return 0;
  }
  const [target, serviceName, ...extra] = splitTarget("list", args, "<target> [package.Service]");
  if (extra.length > 0) throw new UserError(`list: unexpected argument ${JSON.stringify(extra[0])} (see polyrpc list --help)`);
  const connection = await openSchema("list", args, target, cwd);
  try {
    if (serviceName === undefined) {
      for (const name of await connection.schema.services()) io.stdout(`${name}\n`);
      return 0;
    }
    const service = (await connection.schema.load(serviceName)).getService(serviceName);
    if (service === undefined) {
      throw new UserError(
        `unknown service ${JSON.stringify(serviceName)} in ${connection.schema.origin}; ${suggest(serviceName, await connection.schema.services(), "its services are")}`,
      );
    }
    for (const method of service.methods) io.stdout(`${service.typeName}.${method.name}\n`);
    return 0;
  } finally {
    connection.close();
  }
}
