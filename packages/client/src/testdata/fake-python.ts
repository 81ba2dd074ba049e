import { chmod, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Writes an executable that stands in for a Python with polyrpc.case_client (testdata/fake-case-client.mjs,
 * run by this node) and returns its path, for --python.
 */
export async function createFakePython(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "polyrpc-fake-python-"));
  const path = join(dir, "python");
  const script = fileURLToPath(new URL("fake-case-client.mjs", import.meta.url));
  await writeFile(path, `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(script)} "$@"\n`);
  await chmod(path, 0o755);
  return path;
}
