import { readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { runBuf } from "./buf.js";
import type { CompiledProtos } from "./compile-protos.js";
import { withHeader } from "./header.js";
import { listFiles } from "./list-files.js";
import { UserError } from "@polyrpc/cli-kit";

const require = createRequire(import.meta.url);

/** The protoc-gen-es version that writes the TypeScript stubs, from its package.json. */
export function protocGenEsVersion(): string {
  return (require("@bufbuild/protoc-gen-es/package.json") as { version: string }).version;
}

/**
 * Generates TypeScript for every local file of the image with protoc-gen-es (target=ts, `.js` import
 * extensions for NodeNext ESM) into `outDir`, which must be empty, and returns the written file names.
 *
 * protoc-gen-es runs as a buf local plugin on the image that was compiled once, so TypeScript and Python
 * come from the same descriptors.
 */
export async function generateTs(compiled: CompiledProtos, outDir: string): Promise<string[]> {
  const plugin = join(dirname(require.resolve("@bufbuild/protoc-gen-es/package.json")), "bin", "protoc-gen-es");
  const template = {
    version: "v2",
    plugins: [{ local: [process.execPath, plugin], out: outDir, opt: ["target=ts", "import_extension=js"] }],
  };
  const args = ["generate", compiled.imagePath, "--template", JSON.stringify(template)];
  for (const file of compiled.localFiles) args.push("--path", file);
  const result = await runBuf(args, outDir);
  if (result.code !== 0) {
    throw new UserError(`protoc-gen-es failed:\n${(result.stderr + result.stdout).trim()}`);
  }
  const version = protocGenEsVersion();
  const written = await listFiles(outDir);
  for (const file of written) {
    const source = file.replace(/_pb\.ts$/, ".proto");
    const path = join(outDir, file);
    const content = await readFile(path, "utf8");
    await writeFile(path, withHeader(content, { generator: `protoc-gen-es v${version}`, source }, "//"));
  }
  return written;
}
