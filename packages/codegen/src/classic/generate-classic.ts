import { chmod, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { CompiledProtos } from "../compile-protos.js";
import { listFiles } from "../list-files.js";
import { withHeader } from "../header.js";
import { runProcess, UserError } from "@polyrpc/cli-kit";
import type { ProtocToolchain } from "./protoc-toolchain.js";

const require = createRequire(import.meta.url);

/** What the classic target writes besides the defaults; each maps to a grpc-tools flag (see the README). */
export interface ClassicOptions {
  /** grpc_node_plugin's `omit_serialize_instanceof`: serializers accept messages of another google-protobuf copy. */
  omitSerializeInstanceof: boolean;
}

/** The grpc_tools_node_protoc_ts version that writes the `.d.ts` files, from its package.json. */
export function dtsPluginVersion(): string {
  return (require("grpc_tools_node_protoc_ts/package.json") as { version: string }).version;
}

/**
 * Writes, for every local file of the image, what `grpc_tools_node_protoc --js_out=import_style=commonjs,binary
 * --grpc_out=grpc_js` plus grpc_tools_node_protoc_ts' `--ts_out=grpc_js` write, into `outDir` (empty):
 * - `<name>_pb.js`: google-protobuf messages, CommonJS, by protoc's own JavaScript generator (protoc 3.19);
 * - `<name>_grpc_pb.js`: the @grpc/grpc-js service definitions and clients, by polyrpc's TypeScript
 *   reimplementation of grpc_node_plugin (`protoc-gen-grpc-js-classic`, run by protoc as a plugin);
 * - `<name>_pb.d.ts` and `<name>_grpc_pb.d.ts`: their types, by grpc_tools_node_protoc_ts.
 * protoc reads buf's image (`--descriptor_set_in`), so these come from the same descriptors as the other
 * targets. Returns the written file names, relative to `outDir`.
 */
export async function generateClassic(compiled: CompiledProtos, toolchain: ProtocToolchain, options: ClassicOptions, outDir: string): Promise<string[]> {
  const scratch = await mkdtemp(join(tmpdir(), "polyrpc-classic-"));
  try {
    // protoc starts plugins as executables: small shell shims that run them with this very node.
    const grpcPlugin = await shim(scratch, "protoc-gen-grpc", fileURLToPath(new URL("../../bin/protoc-gen-grpc-js-classic.js", import.meta.url)));
    const tsPlugin = await shim(scratch, "protoc-gen-ts", require.resolve("grpc_tools_node_protoc_ts/bin/protoc-gen-ts"));
    const grpcOptions = ["grpc_js", ...(options.omitSerializeInstanceof ? ["omit_serialize_instanceof"] : [])].join(",");
    const args = [
      `--descriptor_set_in=${compiled.imagePath}`,
      `--js_out=import_style=commonjs,binary:${outDir}`,
      `--plugin=protoc-gen-grpc=${grpcPlugin}`,
      `--grpc_out=${grpcOptions}:${outDir}`,
      `--plugin=protoc-gen-ts=${tsPlugin}`,
      `--ts_out=grpc_js:${outDir}`,
      ...compiled.localFiles,
    ];
    const result = await runProcess(toolchain.protoc, args);
    if (result.code !== 0) {
      throw new UserError(`protoc ${toolchain.version} failed:\n${(result.stderr + result.stdout).trim()}`);
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  const generators: [RegExp, string][] = [
    [/_grpc_pb\.js$/, "protoc-gen-grpc-js-classic, grpc_node_plugin grpc_js format"],
    [/_pb\.js$/, `protoc ${toolchain.version} --js_out=import_style=commonjs,binary`],
    [/\.d\.ts$/, `grpc_tools_node_protoc_ts ${dtsPluginVersion()}`],
  ];
  const written = await listFiles(outDir);
  for (const file of written) {
    const generator = generators.find(([pattern]) => pattern.test(file))?.[1] ?? "protoc";
    const source = file.replace(/(_grpc_pb|_pb)\.(js|d\.ts)$/, ".proto");
    const path = join(outDir, file);
    await writeFile(path, withHeader(await readFile(path, "utf8"), { generator, source }, "//"));
  }
  return written;
}

async function shim(dir: string, name: string, script: string): Promise<string> {
  const path = join(dir, name);
  const quote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;
  await writeFile(path, `#!/bin/sh\nexec ${quote(process.execPath)} ${quote(script)} "$@"\n`);
  await chmod(path, 0o755);
  return path;
}
