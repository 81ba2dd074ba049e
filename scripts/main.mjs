// The main job (`./dev.sh main`, after `turbo run build`): starts the TypeScript and Python seed servers
// on loopback, runs the interop matrix and the official gRPC cases, prints the table and says where the
// HTML report is. Exits with the suite's code.
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const result = spawnSync(process.execPath, [join(root, "interop/dist/cli.js"), ...process.argv.slice(2)], { stdio: "inherit", cwd: root });
process.exit(result.status ?? 1);
