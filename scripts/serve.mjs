// `pnpm serve --impl ts|py|py-aio [--host 127.0.0.1] [--port 50051] [--push-interval 1] [--tls-cert F --tls-key F
// [--tls-ca F]] [--auth-token-file F] [--config F]`: serves every seed service on one port, from the
// TypeScript server (@polyrpc/server's polyrpc-server) or the Python ports (interop/python,
// polyrpc_interop.serve_all on grpcio, polyrpc_interop.serve_all_aio on grpc.aio). All take the same flags
// (SECURITY.md) and print `listening on <host>:<port>`. The server runs in the foreground, its output
// passed through; @polyrpc/devkit's seedServerCommand says how to start each one.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { repoRoot as root, seedServerCommand } from "@polyrpc/devkit";
const fail = (message) => {
  process.stderr.write(`polyrpc: ${message}\n`);
  process.exit(1);
};

let values;
try {
  ({ values } = parseArgs({
    options: {
      impl: { type: "string", default: "ts" },
      host: { type: "string", default: "127.0.0.1" },
      port: { type: "string", default: "50051" },
      "push-interval": { type: "string", default: "1" },
      // Passed through as given; each server checks them and names a half-given pair or an unreadable file.
      "tls-cert": { type: "string" },
      "tls-key": { type: "string" },
      "tls-ca": { type: "string" },
      "auth-token-file": { type: "string" },
      config: { type: "string" },
    },
    strict: true,
  }));
} catch (e) {
  fail(`serve: ${e.message}`);
}
const common = ["--host", values.host, "--port", values.port, "--push-interval", values["push-interval"]];
for (const flag of ["tls-cert", "tls-key", "tls-ca", "auth-token-file", "config"]) {
  if (values[flag] !== undefined) common.push(`--${flag}`, values[flag]);
}
const impl = values.impl;
if (impl === "ts") {
  if (!existsSync(join(root, "packages/server/dist/serve-cli.js"))) fail("the TypeScript server is not built; run `pnpm build` first");
} else if (impl === "py" || impl === "py-aio") {
  if (!existsSync(join(root, ".venv/bin/python"))) fail(".venv is missing; run ./dev.sh or `pnpm setup` first");
} else {
  fail(`serve: --impl ${impl}: expected ts, py or py-aio`);
}
const [command, args] = seedServerCommand(impl, common);
const child = spawn(command, args, { stdio: "inherit", cwd: root });
// Forward Ctrl-C and termination to the server, which shuts down gracefully, and exit with its code.
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
