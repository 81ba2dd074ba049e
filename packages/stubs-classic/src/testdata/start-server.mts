import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import { repoRoot } from "@polyrpc/devkit";

const require = createRequire(import.meta.url);

/**
 * Starts a seed server on 127.0.0.1 port 0: polyrpc-server ("ts", the default) or the Python one
 * (`.venv/bin/python -m polyrpc_interop.serve_all`, "py"). Resolves with the process and its address once it
 * printed `listening on <host>:<port>` (within 30 s); the caller stops it by pid.
 */
export function startServer(impl: "ts" | "py" = "ts"): Promise<{ child: ChildProcess; target: string }> {
  const args = ["--host", "127.0.0.1", "--port", "0"];
  const child =
    impl === "ts"
      ? spawn(process.execPath, [require.resolve("@polyrpc/server/package.json").replace(/package\.json$/, "bin/polyrpc-server.js"), ...args], {
          stdio: ["ignore", "pipe", "pipe"],
        })
      : spawn(join(repoRoot, ".venv/bin/python"), ["-m", "polyrpc_interop.serve_all", ...args], {
          cwd: repoRoot,
          stdio: ["ignore", "pipe", "pipe"],
          env: { ...process.env, PYTHONUNBUFFERED: "1" },
        });
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error(`${impl} server printed no address within 30 s: ${output}`)), 30_000);
    const onData = (d: Buffer) => {
      output += d.toString();
      const match = /listening on (\S+:\d+)/.exec(output);
      if (match !== null) {
        clearTimeout(timer);
        resolve({ child, target: match[1]! });
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.on("error", (e) => reject(new Error(`cannot start the ${impl} server: ${e.message}`)));
    child.on("exit", (code) => reject(new Error(`${impl} server exited with ${code}: ${output}`)));
  });
}
