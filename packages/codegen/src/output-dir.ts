import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { listFiles } from "./list-files.js";

/**
 * A scratch folder next to `target` (so a rename onto it stays on one file system), for a generator to
 * fill before {@link replaceDir} swaps it in.
 */
export async function makeStagingDir(target: string): Promise<string> {
  await mkdir(dirname(target), { recursive: true });
  return mkdtemp(join(dirname(target), `.${basename(target)}.staging-`));
}

/**
 * Replaces `target` with `staging` by renames: the old folder is moved aside, the new one moved in, then
 * the old one deleted. A crash in between leaves either the old or the new tree at `target`, never a mix,
 * and nothing of a failed generator run reaches `target` because staging is only swapped in on success.
 */
export async function replaceDir(staging: string, target: string): Promise<void> {
  const aside = `${staging}.old`;
  if (existsSync(target)) await rename(target, aside);
  try {
    await rename(staging, target);
  } catch (e) {
    if (existsSync(aside)) await rename(aside, target);
    throw e;
  }
  await rm(aside, { recursive: true, force: true });
}

/** One file that differs between two trees. */
export interface TreeDifference {
  /** Path relative to the trees' roots. */
  path: string;
  /** Content in the expected tree; undefined when the file should not exist. */
  expected: string | undefined;
  /** Content in the actual tree; undefined when the file is missing. */
  actual: string | undefined;
}

/**
 * Files a language runtime leaves in an output folder that are not generator output: Python's byte-code
 * caches appear as soon as the stubs are imported, and must not make the output look stale.
 */
export function isRuntimeCache(path: string): boolean {
  return path.split("/").includes("__pycache__") || path.endsWith(".pyc");
}

/**
 * Compares two folders file by file, byte for byte, ignoring runtime caches; a missing `actual` folder
 * counts as empty.
 */
export async function compareTrees(expected: string, actual: string): Promise<TreeDifference[]> {
  const expectedFiles = await listFiles(expected);
  const actualFiles = existsSync(actual) ? (await listFiles(actual)).filter((f) => !isRuntimeCache(f)) : [];
  const paths = [...new Set([...expectedFiles, ...actualFiles])].sort();
  const differences: TreeDifference[] = [];
  for (const path of paths) {
    const want = expectedFiles.includes(path) ? await readFile(join(expected, path), "utf8") : undefined;
    const have = actualFiles.includes(path) ? await readFile(join(actual, path), "utf8") : undefined;
    if (want !== have) differences.push({ path, expected: want, actual: have });
  }
  return differences;
}
