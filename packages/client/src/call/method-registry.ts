import { createRegistry, type DescFile, type DescMethod, type DescService, type Registry } from "@bufbuild/protobuf";
import {
  file_contact_contact,
  file_firstmsg_first_msg,
  file_helloworld_hello,
  file_idc_indicator,
  file_idc_indicator_graph,
  file_routeguide_route_guide,
} from "@polyrpc/stubs";
import { UserError } from "../user-error.js";

/** The file descriptors of @polyrpc/stubs: every service `polyrpc call` knows. */
export const seedFiles: readonly DescFile[] = [
  file_helloworld_hello,
  file_firstmsg_first_msg,
  file_routeguide_route_guide,
  file_contact_contact,
  file_idc_indicator,
  file_idc_indicator_graph,
];

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
  /** Like {@link MethodRegistry.find}, but an unknown name is a user error that lists the known methods. */
  resolve(name: string): DescMethod;
}

/**
 * Indexes the services of `files` (default: {@link seedFiles}).
 *
 * `createRegistry` rather than `createFileRegistry`: the latter builds new descriptors from a
 * FileDescriptorSet or FileDescriptorProto, while this keeps the generated descriptor objects of
 * @polyrpc/stubs, so messages decoded here are `isMessage` of the stubs' schemas too.
 */
export function createMethodRegistry(files: readonly DescFile[] = seedFiles): MethodRegistry {
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
      if (method === undefined) throw new UserError(`unknown method ${JSON.stringify(name)}; known methods: ${names.join(", ")}`);
      return method;
    },
  };
}
