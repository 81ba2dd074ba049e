import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root (package.json, proto/, .venv/), from tools/devkit/src/; no trailing separator. */
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
