import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/** Starts polyrpc-server on 127.0.0.1 port 0; resolves with the process and its address (within 30 s). */
export function startServer(): Promise<{ child: ChildProcess; target: string }> {
  const bin = require.resolve("@polyrpc/server/package.json").replace(/package\.json$/, "bin/polyrpc-server.js");
  const child = spawn(process.execPath, [bin, "--host", "127.0.0.1", "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error(`polyrpc-server printed no address within 30 s: ${output}`)), 30_000);
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
    child.on("exit", (code) => reject(new Error(`polyrpc-server exited with ${code}: ${output}`)));
  });
}
