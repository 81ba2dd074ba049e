import { createRegistry, type DescFile, type DescService, type Registry } from "@bufbuild/protobuf";
import type { FileDescriptorProto } from "@bufbuild/protobuf/wkt";
import type { CallOptions } from "@polyrpc/grpc";
import * as stubs from "@polyrpc/stubs";
import type { Channel } from "@polyrpc/grpc";
import { compileProtoFiles, readProtoset } from "./compile-proto-files.js";
import { createReflectionClient } from "./reflection-client.js";
import { registryFromFiles } from "./registry-from-files.js";

/**
 * Where `polyrpc list`, `describe` and `call` get the server's schema: its reflection service, `.proto`
 * files, a FileDescriptorSet, or polyrpc's own stubs.
 */
export interface SchemaSource {
  /** Where the schema comes from, for messages: "reflection of 127.0.0.1:50051", "--proto files", ... */
  readonly origin: string;
  /** True for the reflection source, whose answer to an unknown name is the server's. */
  readonly reflection: boolean;
  /** Every service of the schema, fully qualified, sorted. */
  services(): Promise<string[]>;
  /**
   * A registry that holds `symbol` (a service, method, message or enum, fully qualified) when the
   * schema defines it, with everything it refers to. Reflection fetches what is needed on the first
   * ask; the other sources have everything from the start.
   */
  load(symbol: string): Promise<Registry>;
}

/** Every file descriptor @polyrpc/stubs exports: the project's whole proto tree, as its barrel lists it. */
export const stubFiles: readonly DescFile[] = Object.values(stubs).filter(
  (value): value is DescFile => typeof value === "object" && value !== null && (value as { kind?: unknown }).kind === "file",
);

/** A schema that is all there from the start: files, a protoset or the stubs. */
function staticSource(origin: string, registry: Registry): SchemaSource {
  const services = [...registry]
    .filter((t): t is DescService => t.kind === "service")
    .map((s) => s.typeName)
    .sort();
  return { origin, reflection: false, services: async () => services, load: async () => registry };
}

/** The schema of `.proto` files, compiled with protoc (see {@link compileProtoFiles}). */
export async function protoFilesSource(files: readonly string[], importPaths: readonly string[], cwd: string): Promise<SchemaSource> {
  return staticSource("--proto files", registryFromFiles(await compileProtoFiles(files, importPaths, cwd), "--proto files"));
}

/** The schema of FileDescriptorSet files, merged (a file in several counts once). */
export async function protosetSource(paths: readonly string[]): Promise<SchemaSource> {
  const origin = `--protoset ${paths.join(", ")}`;
  const files = (await Promise.all(paths.map((p) => readProtoset(p)))).flat();
  return staticSource(origin, registryFromFiles(files, origin));
}

/**
 * The schema of @polyrpc/stubs: every service of the project's proto tree. `createRegistry` keeps the
 * generated descriptor objects, so messages decoded against it are `isMessage` of the stubs' schemas.
 */
export function stubsSource(): SchemaSource {
  return staticSource("polyrpc's stubs", createRegistry(...stubFiles));
}

/**
 * The schema the server at `target` reports through reflection, fetched as needed on `channel` with
 * `options` (headers, deadline). Rejects with NoReflectionError when the server has no reflection.
 */
export function reflectionSource(channel: Channel, target: string, options: CallOptions): SchemaSource {
  const client = createReflectionClient(channel, target, options);
  const origin = `reflection of ${target}`;
  let registry: Registry | undefined;
  const asked = new Set<string>();
  return {
    origin,
    reflection: true,
    services: () => client.listServices(),
    async load(symbol) {
      // Ask for the symbol, then for its enclosing scopes (a method's service, a nested type's parent):
      // servers differ in which symbols they index.
      for (let name = symbol; name !== "" && !asked.has(name); name = name.slice(0, Math.max(0, name.lastIndexOf(".")))) {
        asked.add(name);
        const found: FileDescriptorProto[] | undefined = await client.fileContainingSymbol(name);
        if (found !== undefined) {
          registry = undefined;
          break;
        }
      }
      registry ??= registryFromFiles(client.files.values(), origin);
      return registry;
    },
  };
}
