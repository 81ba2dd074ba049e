import { createRegistry, type DescFile, type DescMethod, type DescService, type Registry } from "@bufbuild/protobuf";
import { stubFiles } from "../schema/schema-source.js";
import { suggest } from "../schema/resolve-method.js";
import { UserError } from "@polyrpc/cli-kit";

/** The methods of a set of proto files, looked up by their proto names. */
export interface MethodRegistry {
  /** Every message, enum and service of the files: what `fromJson` and `toJson` resolve against. */
  readonly registry: Registry;
  /** Every method as `package.Service/Method` (proto names), sorted. */
  readonly names: readonly string[];
  /**
   * The method named `package.Service/Method` as in the .proto (`Greeter/SayHello` when the file has
   * no package), with an optional leading `/` (the HTTP/2 path) or a `.` instead of the `/` (as grpcurl
   * allows); undefined for any other name. Names are case-sensitive.
   */
  find(name: string): DescMethod | undefined;
  /** Like {@link MethodRegistry.find}, but an unknown name is a user error that names the near matches. */
  resolve(name: string): DescMethod;
}

/**
 * Indexes the services of `files` (default: every file of @polyrpc/stubs, {@link stubFiles}).
 *
 * `createRegistry` rather than `createFileRegistry`: the latter builds new descriptors from a
 * FileDescriptorSet or FileDescriptorProto, while this keeps the generated descriptor objects of
 * @polyrpc/stubs, so messages decoded here are `isMessage` of the stubs' schemas too.
 */
export function createMethodRegistry(files: readonly DescFile[] = stubFiles): MethodRegistry {
  const registry = createRegistry(...files);
  const services = [...registry].filter((type): type is DescService => type.kind === "service");
  const names = services.flatMap((s) => s.methods.map((m) => `${s.typeName}/${m.name}`)).sort();
  const find = (name: string): DescMethod | undefined => {
    const path = name.startsWith("/") ? name.slice(1) : name;
    const cut = path.includes("/") ? path.lastIndexOf("/") : path.lastIndexOf(".");
    if (cut <= 0) return undefined;
    const service = registry.getService(path.slice(0, cut));
    return service?.methods.find((m) => m.name === path.slice(cut + 1));
  };
  return {
    registry,
    names,
    find,
    resolve(name) {
      const method = find(name);
      if (method === undefined) throw new UserError(`unknown method ${JSON.stringify(name)}; ${suggest(name.replace(/^\//, ""), names, "known methods are")}`);
      return method;
    },
  };
}
