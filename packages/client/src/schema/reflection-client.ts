import { fromBinary } from "@bufbuild/protobuf";
import { FileDescriptorProtoSchema, type FileDescriptorProto } from "@bufbuild/protobuf/wkt";
import { Code, createClient, reflectionService, RpcError, type CallOptions, type Channel, type ReflectionVersion } from "@polyrpc/grpc";
import { UserError } from "@polyrpc/cli-kit";

/**
 * The server answered UNIMPLEMENTED to both reflection versions: it does not offer reflection, so the
 * schema has to come from files. The message says so, and how.
 */
export class NoReflectionError extends UserError {
  override name = "NoReflectionError";
  constructor(target: string) {
    super(`the server at ${target} does not support reflection (grpc.reflection.v1 or v1alpha); give the schema with --proto <file> or --protoset <file>`);
  }
}

/** A client of a server's reflection service. */
export interface ReflectionClient {
  /** Every service the server lists, as it names them (fully qualified), sorted. */
  listServices(): Promise<string[]>;
  /**
   * The file that defines `symbol` (a service, method, message, enum or field, fully qualified) and every
   * file it imports, transitively, as far as the server has them; undefined when the server does not
   * know the symbol. Files already fetched by this client are not asked for again.
   */
  fileContainingSymbol(symbol: string): Promise<FileDescriptorProto[] | undefined>;
  /** Every file fetched so far, by name. */
  readonly files: ReadonlyMap<string, FileDescriptorProto>;
}

type Request = { messageRequest: { case: "fileByFilename" | "fileContainingSymbol" | "listServices"; value: string } };

/**
 * Creates a reflection client on `channel` that sends `options` (metadata, deadline) with every request.
 * It speaks grpc.reflection.v1 and falls back to v1alpha when the server answers UNIMPLEMENTED; when it
 * answers UNIMPLEMENTED to both, requests reject with {@link NoReflectionError}. Other failures (the server
 * is unreachable, a token is missing) reject with the call's {@link RpcError}.
 *
 * Each request is its own short stream (one request, one response): the protocol allows it, and it keeps
 * every request's failure separate.
 */
export function createReflectionClient(channel: Channel, target: string, options: CallOptions): ReflectionClient {
  const files = new Map<string, FileDescriptorProto>();
  let version: ReflectionVersion | undefined;
  type InfoFn = (requests: Iterable<Request>, options: CallOptions) => AsyncIterable<unknown>;
  const clients = new Map<ReflectionVersion, InfoFn>();
  const clientFor = (v: ReflectionVersion): InfoFn => {
    let info = clients.get(v);
    if (info === undefined) {
      // The client's methods are typed per service; this descriptor is built at run time.
      const client = createClient(reflectionService(v), channel) as unknown as Record<string, InfoFn>;
      info = client["serverReflectionInfo"]!.bind(client);
      clients.set(v, info);
    }
    return info;
  };

  async function ask(request: Request): Promise<unknown> {
    for (const v of version === undefined ? (["v1", "v1alpha"] as const) : [version]) {
      try {
        for await (const response of clientFor(v)([request], options)) {
          version = v;
          return response;
        }
        throw new UserError(`the reflection service of ${target} closed the stream without an answer`);
      } catch (e) {
        if (e instanceof RpcError && e.code === Code.UNIMPLEMENTED && version === undefined) continue;
        throw e;
      }
    }
    throw new NoReflectionError(target);
  }

  /** The answer's file descriptors, or undefined for NOT_FOUND; other errors are user errors. */
  async function askFiles(request: Request): Promise<FileDescriptorProto[] | undefined> {
    const response = (await ask(request)) as unknown as { messageResponse: { case?: string; value?: unknown } };
    const answer = response.messageResponse;
    if (answer.case === "errorResponse") {
      const { errorCode, errorMessage } = answer.value as { errorCode: number; errorMessage: string };
      if (errorCode === Code.NOT_FOUND) return undefined;
      throw new UserError(`reflection of ${target}: ${Code[errorCode] ?? errorCode}: ${errorMessage}`);
    }
    if (answer.case !== "fileDescriptorResponse")
      throw new UserError(`reflection of ${target}: unexpected answer ${String(answer.case)} to ${request.messageRequest.case}`);
    return (answer.value as { fileDescriptorProto: Uint8Array[] }).fileDescriptorProto.map((bytes) => fromBinary(FileDescriptorProtoSchema, bytes));
  }

  /** Fetches every import of `file` that is not yet known, recursively. */
  async function fetchImports(file: FileDescriptorProto): Promise<void> {
    for (const dependency of file.dependency) {
      if (files.has(dependency)) continue;
      const fetched = await askFiles({ messageRequest: { case: "fileByFilename", value: dependency } });
      // A missing import is left for the registry to report by name (well-known types it fills in itself).
      if (fetched === undefined) continue;
      for (const f of fetched) if (!files.has(f.name)) files.set(f.name, f);
      for (const f of fetched) await fetchImports(f);
    }
  }

  return {
    files,
    async listServices() {
      const response = (await ask({ messageRequest: { case: "listServices", value: "*" } })) as unknown as {
        messageResponse: { case?: string; value?: unknown };
      };
      const answer = response.messageResponse;
      if (answer.case !== "listServicesResponse") throw new UserError(`reflection of ${target}: unexpected answer ${String(answer.case)} to list_services`);
      return (answer.value as { service: { name: string }[] }).service.map((s) => s.name).sort();
    },
    async fileContainingSymbol(symbol) {
      const fetched = await askFiles({ messageRequest: { case: "fileContainingSymbol", value: symbol } });
      if (fetched === undefined) return undefined;
      for (const f of fetched) if (!files.has(f.name)) files.set(f.name, f);
      for (const f of fetched) await fetchImports(f);
      return fetched;
    },
  };
}
