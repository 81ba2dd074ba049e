import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fromBinary } from "@bufbuild/protobuf";
import { FileDescriptorSetSchema, type FileDescriptorProto } from "@bufbuild/protobuf/wkt";
import { UserError } from "@polyrpc/cli-kit";

/**
 * The Python that runs protoc: `$POLYRPC_PYTHON`, else the nearest `.venv/bin/python` from `cwd` upwards
 * (the project's, as `polyrpc gen` uses it), else `python3` on PATH.
 */
export function findPython(cwd: string): string {
  const fromEnv = process.env["POLYRPC_PYTHON"];
  if (fromEnv !== undefined && fromEnv !== "") return fromEnv;
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    const venv = join(dir, ".venv", "bin", "python");
    if (existsSync(venv)) return venv;
    if (dirname(dir) === dir) return "python3";
  }
}

/**
 * Compiles `.proto` files with protoc, as grpcio-tools bundles it (the toolchain `polyrpc gen` already
 * needs for Python), into their descriptors and those of every import. `importPaths` are protoc's `-I`
 * folders, searched in order (default: `cwd`); the well-known types (`google/protobuf/*.proto`) resolve
 * without one, because `python -m grpc_tools.protoc` adds its bundled copies. A syntax error, unknown type
 * or missing import is a user error carrying protoc's `file:line:column: message` lines.
 *
 * protoc, not a JavaScript .proto parser: it is the reference compiler, so a file that compiles here
 * compiles for every language's generator, with the same messages.
 */
export async function compileProtoFiles(files: readonly string[], importPaths: readonly string[], cwd: string): Promise<FileDescriptorProto[]> {
  const python = findPython(cwd);
  const dir = await mkdtemp(join(tmpdir(), "polyrpc-protoset-"));
  try {
    const out = join(dir, "set.binpb");
    const paths = importPaths.length > 0 ? importPaths : ["."];
    const args = ["-m", "grpc_tools.protoc", ...paths.map((p) => `-I${p}`), "--include_imports", `--descriptor_set_out=${out}`, ...files];
    const result = await new Promise<{ code: number; output: string; spawnError?: Error }>((done) => {
      execFile(python, args, { cwd, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
        const spawnError = error !== null && typeof error.code === "string" ? error : undefined;
        done({
          code: error === null ? 0 : typeof error.code === "number" ? error.code : 1,
          output: `${stderr}${stdout}`.trim(),
          ...(spawnError ? { spawnError } : {}),
        });
      });
    });
    if (result.spawnError !== undefined) {
      throw new UserError(
        `--proto needs Python with grpcio-tools to run protoc, and ${python} could not be started: ${result.spawnError.message} (set POLYRPC_PYTHON)`,
      );
    }
    if (result.code !== 0) {
      if (/No module named '?grpc_tools/.test(result.output)) {
        throw new UserError(
          `--proto needs grpcio-tools, which ${python} cannot import: install it with \`${python} -m pip install grpcio-tools\`, or point POLYRPC_PYTHON at a Python that has it`,
        );
      }
      throw new UserError(`cannot compile ${files.join(", ")}:\n${result.output}`);
    }
    return fromBinary(FileDescriptorSetSchema, await readFile(out)).file;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Reads a FileDescriptorSet file (`protoc --descriptor_set_out`, `buf build -o x.binpb`): its files. */
export async function readProtoset(path: string): Promise<FileDescriptorProto[]> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (e) {
    throw new UserError(`--protoset ${path}: cannot read it: ${(e as Error).message}`);
  }
  try {
    return fromBinary(FileDescriptorSetSchema, bytes).file;
  } catch (e) {
    throw new UserError(`--protoset ${path}: not a FileDescriptorSet: ${(e as Error).message}`);
  }
}
