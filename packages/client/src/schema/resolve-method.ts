import type { DescMethod, Registry } from "@bufbuild/protobuf";
import { UserError } from "@polyrpc/cli-kit";
import { nearMatches } from "./near-matches.js";
import type { SchemaSource } from "./schema-source.js";

/** A method found in a schema, with the registry its messages resolve against (for Any). */
export interface ResolvedMethod {
  method: DescMethod;
  registry: Registry;
}

/**
 * Finds the method `name` in `schema`. The name is `package.Service/Method` as in the .proto
 * (`Greeter/SayHello` for a file without a package), with an optional leading `/` (the HTTP/2 path) or a
 * `.` instead of the `/` (as grpcurl allows); names are case-sensitive. An unknown service or method is a
 * user error that names it, the schema's origin, and the near matches (or every candidate when none is
 * near).
 */
export async function resolveMethod(schema: SchemaSource, name: string): Promise<ResolvedMethod> {
  const path = name.startsWith("/") ? name.slice(1) : name;
  const cut = path.includes("/") ? path.lastIndexOf("/") : path.lastIndexOf(".");
  if (cut <= 0 || cut === path.length - 1) {
    throw new UserError(`${JSON.stringify(name)} is not a method name; expected package.Service/Method, such as Greeter/SayHello`);
  }
  const serviceName = path.slice(0, cut);
  const methodName = path.slice(cut + 1);
  const registry = await schema.load(serviceName);
  const service = registry.getService(serviceName);
  if (service === undefined) {
    const services = await schema.services();
    throw new UserError(`unknown service ${JSON.stringify(serviceName)} in ${schema.origin}; ${suggest(serviceName, services, "its services are")}`);
  }
  const method = service.methods.find((m) => m.name === methodName);
  if (method === undefined) {
    const names = service.methods.map((m) => m.name);
    throw new UserError(`unknown method ${JSON.stringify(methodName)} of service ${service.typeName}; ${suggest(methodName, names, "its methods are")}`);
  }
  return { method, registry };
}

/** "did you mean A, B?" for near matches, else "<all>: A, B, C" (or "it has none"). */
export function suggest(name: string, candidates: readonly string[], all: string): string {
  const near = nearMatches(name, candidates);
  if (near.length > 0) return `did you mean ${near.join(", ")}?`;
  return candidates.length === 0 ? `${all.replace(/ are$/, "")}: none` : `${all}: ${candidates.join(", ")}`;
}
