// `pnpm version-packages` runs this right after `changeset version`, which versions only the npm packages:
// gives the Python wheels the version of @polyrpc/stubs (@polyrpc/devkit's syncPythonVersion). Prints what it
// changed; exits 1 with `polyrpc: ...` on a version that Python cannot express.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { syncPythonVersion } from "@polyrpc/devkit";

// The workspace this script sits in (not the devkit's repoRoot): the version-packages test runs a copy of it
// in a scratch workspace that must be the one changed.
const root = process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), "..");
try {
  const { npmVersion, pythonVersion, packages } = syncPythonVersion(root);
  for (const { name, changed } of packages) {
    process.stdout.write(`polyrpc: ${name} ${changed ? "is now" : "is already"} ${pythonVersion} (@polyrpc/stubs ${npmVersion})\n`);
  }
} catch (e) {
  process.stderr.write(`polyrpc: ${e.message}\n`);
  process.exit(1);
}
