import { existsSync } from "node:fs";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { relative } from "node:path";
import { createTwoFilesPatch } from "diff";
import { generateClassic } from "./classic/generate-classic.js";
import { findProtoc } from "./classic/protoc-toolchain.js";
import { compileProtos } from "./compile-protos.js";
import type { Config } from "./config.js";
import { generatePython } from "./generate-python.js";
import { generateTs } from "./generate-ts.js";
import { generateTsIndex } from "./generate-ts-index.js";
import { compareTrees, makeStagingDir, replaceDir, type TreeDifference } from "./output-dir.js";
import { findPythonToolchain } from "./python-toolchain.js";

/** One output folder, generated into staging and not yet swapped in. */
interface StagedOutput {
  language: "ts" | "python" | "classic";
  target: string;
  staging: string;
  files: string[];
}

/** A single generated file outside the output folders (the TypeScript barrel), not yet written. */
interface StagedFile {
  target: string;
  content: string;
}

/** What `polyrpc gen` wrote. */
export interface GenerateResult {
  /** Per language, the output folder and the files in it. */
  outputs: { language: "ts" | "python" | "classic"; dir: string; files: string[] }[];
  /** Single files written outside the output folders: the TypeScript barrel (config `ts.index`). */
  files: string[];
}

/** What `polyrpc gen --check` found. */
export interface CheckResult {
  /** True when every committed file equals what the generator writes now. */
  upToDate: boolean;
  /** Each stale, missing or extra file, with its path relative to the working directory. */
  differences: TreeDifference[];
  /** A unified diff of all differences, from the committed files to the fresh output. */
  diff: string;
}

/**
 * Compiles the proto tree once and runs every configured generator into staging folders. Only when all
 * succeed are the staging folders swapped in; on any failure nothing at the targets changes.
 */
export async function generate(config: Config, cwd: string): Promise<GenerateResult> {
  const { staged, files } = await stageAll(config, cwd);
  try {
    for (const output of staged) await replaceDir(output.staging, output.target);
    for (const file of files) {
      await mkdir(dirname(file.target), { recursive: true });
      // Written beside, then renamed, so a reader never sees half a barrel.
      await writeFile(`${file.target}.polyrpc-tmp`, file.content);
      await rename(`${file.target}.polyrpc-tmp`, file.target);
    }
  } finally {
    await Promise.all(staged.map((s) => rm(s.staging, { recursive: true, force: true })));
  }
  return { outputs: staged.map((s) => ({ language: s.language, dir: s.target, files: s.files })), files: files.map((f) => f.target) };
}

/**
 * Generates into staging folders and compares them with the output folders, without touching them.
 */
export async function check(config: Config, cwd: string): Promise<CheckResult> {
  const { staged, files } = await stageAll(config, cwd);
  try {
    const differences: TreeDifference[] = [];
    for (const file of files) {
      const actual = existsSync(file.target) ? await readFile(file.target, "utf8") : undefined;
      if (actual !== file.content) differences.push({ path: relative(cwd, file.target), expected: file.content, actual });
    }
    for (const output of staged) {
      const base = relative(cwd, output.target) || ".";
      for (const d of await compareTrees(output.staging, output.target)) {
        differences.push({ ...d, path: `${base}/${d.path}` });
      }
    }
    const diff = differences
      .map((d) =>
        createTwoFilesPatch(
          d.actual === undefined ? "/dev/null" : `a/${d.path}`,
          d.expected === undefined ? "/dev/null" : `b/${d.path}`,
          d.actual ?? "",
          d.expected ?? "",
        ),
      )
      .join("");
    return { upToDate: differences.length === 0, differences, diff };
  } finally {
    await Promise.all(staged.map((s) => rm(s.staging, { recursive: true, force: true })));
  }
}

async function stageAll(config: Config, cwd: string): Promise<{ staged: StagedOutput[]; files: StagedFile[] }> {
  // Find the Python toolchain before compiling, so a missing one fails fast with its own message.
  const toolchain = config.python === undefined ? undefined : await findPythonToolchain(config.root);
  const protoc = config.classic === undefined ? undefined : await findProtoc(config.root);
  const compiled = await compileProtos(config.protoDir, cwd);
  const staged: StagedOutput[] = [];
  try {
    if (config.tsOut !== undefined) {
      const staging = await makeStagingDir(config.tsOut);
      staged.push({ language: "ts", target: config.tsOut, staging, files: [] });
      staged[staged.length - 1]!.files = await generateTs(compiled, staging);
    }
    if (config.python !== undefined && toolchain !== undefined) {
      const staging = await makeStagingDir(config.python.out);
      staged.push({ language: "python", target: config.python.out, staging, files: [] });
      staged[staged.length - 1]!.files = await generatePython(compiled, toolchain, config.python.package, staging);
    }
    if (config.classic !== undefined && protoc !== undefined) {
      const staging = await makeStagingDir(config.classic.out);
      staged.push({ language: "classic", target: config.classic.out, staging, files: [] });
      staged[staged.length - 1]!.files = await generateClassic(compiled, protoc, config.classic, staging);
    }
    const files: StagedFile[] = [];
    const ts = staged.find((s) => s.language === "ts");
    if (config.tsIndex !== undefined && ts !== undefined) {
      files.push({ target: config.tsIndex, content: await generateTsIndex(ts.staging, ts.files, ts.target, config.tsIndex) });
    }
    return { staged, files };
  } catch (e) {
    await Promise.all(staged.map((s) => rm(s.staging, { recursive: true, force: true })));
    throw e;
  } finally {
    await compiled.dispose();
  }
}
