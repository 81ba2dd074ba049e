import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fromBinary } from "@bufbuild/protobuf";
import { FileDescriptorSetSchema, type FileDescriptorSet } from "@bufbuild/protobuf/wkt";
import { formatBufDiagnostics, runBuf } from "./buf.js";
import { UserError } from "@polyrpc/cli-kit";

/** A compiled proto tree: buf's image of every file, with source info for comments. */
export interface CompiledProtos {
  /** The image as buf wrote it; the TypeScript generator reads this file. */
  imagePath: string;
  /** The decoded image: the local files and everything they import, in dependency order. */
  image: FileDescriptorSet;
  /** Names (relative to the proto folder) of the files that live in the proto folder. */
  localFiles: string[];
  /** Removes the temporary folder that holds the image. */
  dispose(): Promise<void>;
}

/**
 * Compiles every `.proto` below `protoDir` with buf, once, into an image that both generators consume.
 * A syntax error, unknown import or type error rejects with a {@link UserError} listing each problem as
 * `file:line:column: message`.
 */
export async function compileProtos(protoDir: string, cwd: string): Promise<CompiledProtos> {
  const dir = await mkdtemp(join(tmpdir(), "polyrpc-image-"));
  const imagePath = join(dir, "image.binpb");
  try {
    const result = await runBuf(["build", ".", "-o", imagePath], protoDir);
    if (result.code !== 0) {
      const diagnostics = formatBufDiagnostics(result.stderr + result.stdout, protoDir, cwd);
      throw new UserError(`cannot compile ${protoDir}:\n${diagnostics}`);
    }
    const image = fromBinary(FileDescriptorSetSchema, await readFile(imagePath));
    // The image holds imports too (google/protobuf/*.proto, in dependency order, before their importers);
    // only files that exist in the proto folder get stubs, imports come from each language's runtime.
    const localFiles = image.file.map((f) => f.name).filter((name) => existsSync(join(protoDir, name)));
    if (localFiles.length === 0) {
      throw new UserError(`no .proto files found in ${protoDir}`);
    }
    return { imagePath, image, localFiles, dispose: () => rm(dir, { recursive: true, force: true }) };
  } catch (e) {
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
}
