// `./dev.sh dashboard [--port N] [--report FILE]` (`node apps/dashboard/serve.mjs --build`): builds the page and what it needs
// (turbo, --build), starts the TypeScript and the Python seed servers on
// loopback (port 0 each), one @polyrpc/web gateway in front of each, and serves the built page on one
// origin: /api/ts/* and /api/py/* are the gateways, /report.json the latest interop report, the rest dist/.
// One origin, so the page needs no CORS. SIGINT or SIGTERM stops the servers by pid and exits 0.
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import { extname, join, normalize, resolve as resolvePath } from "node:path";
import { fileURLToPath } from "node:url";
import { parseCliArgs, portOption, reportError, UserError } from "@polyrpc/cli-kit";
import { repoRoot as root, startSeedServer, stopProcess } from "@polyrpc/devkit";
import { createWebGateway } from "@polyrpc/web";

const here = fileURLToPath(new URL(".", import.meta.url));
const dist = join(here, "dist");
/** Ends with `polyrpc: <message>` and exit 1 (@polyrpc/cli-kit's contract); an error that is not a UserError is a bug. */
const fail = (error) => process.exit(reportError(typeof error === "string" ? new UserError(error) : error, { prog: "polyrpc" }));

let values;
try {
  ({ values } = parseCliArgs(
    {
      options: {
        port: { type: "string", default: "5173" },
        host: { type: "string", default: "127.0.0.1" },
        build: { type: "boolean", default: false },
        // The interop report to show; default the one ./dev.sh main writes. The browser test points it at a
        // fixture with known cells, so that it checks the matrix without touching a user's report.
        report: { type: "string" },
      },
      strict: true,
    },
    { command: "dashboard" },
  ));
} catch (e) {
  fail(e);
}
let port;
try {
  port = portOption(values.port);
} catch (e) {
  fail(`dashboard: ${e.message}`);
}
if (!values.build && !existsSync(join(dist, "index.html"))) fail("dashboard: apps/dashboard/dist is missing; run `pnpm build` first (or pass --build)");
const reportFile = values.report === undefined ? join(root, "interop", "report", "report.json") : resolvePath(values.report);
if (values.report !== undefined && !existsSync(reportFile)) fail(`dashboard: --report ${values.report}: no such file`);
const python = join(root, ".venv", "bin", "python");
if (!existsSync(python)) fail(".venv is missing; run ./dev.sh or `pnpm setup` first");

/** The seed servers by name, stopped by pid on exit. */
const servers = new Map();
/** The build, while it runs: a signal then stops it too. */
let building;

/**
 * Starts a seed server on 127.0.0.1 port 0; resolves with its `host:port` once it prints it. Its stderr is the
 * dashboard's; its stdout, after that line, is its log, kept off the dashboard's stdout.
 */
async function startServer(name, args) {
  const server = await startSeedServer(name, [...args, "--host", "127.0.0.1", "--port", "0"], { stderr: "inherit", lineLimit: 100 });
  servers.set(name, server);
  return server.target;
}

const gateways = new Map();
let server;
let stopping = false;

async function stop(code) {
  if (stopping) return;
  stopping = true;
  server?.close();
  server?.closeAllConnections();
  await Promise.all([...gateways.values()].map((g) => g.close()));
  await Promise.all([...[...servers.values()].map((s) => s.stop()), ...(building === undefined ? [] : [stopProcess(building, 5000)])]);
  process.exit(code);
}
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => void stop(0));

const types = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".css": "text/css",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".json": "application/json",
};

/**
 * Builds the dashboard and the packages it runs (turbo, cached when nothing changed), its output on stderr so
 * that stdout carries only the address. A child like the servers, so a signal during the build stops it too.
 */
function build() {
  const turbo = join(root, "node_modules", ".bin", "turbo");
  const child = spawn(turbo, ["run", "build", "--filter=@polyrpc/dashboard...", "--output-logs=errors-only"], { cwd: root, stdio: ["ignore", 2, 2] });
  building = child;
  return new Promise((resolve, reject) => {
    child.once("error", (e) => reject(new Error(`cannot run turbo: ${e.message}`)));
    child.once("exit", (code, signal) => {
      building = undefined;
      if (code === 0) resolve();
      else reject(new Error(`the build failed (turbo exited with ${code ?? signal}; its output is above)`));
    });
  });
}

try {
  if (values.build) await build();
  const [ts, py] = await Promise.all([startServer("ts", ["--push-interval", "0.5"]), startServer("py", ["--push-interval", "0.5"])]);
  gateways.set("ts", createWebGateway({ backend: ts }));
  gateways.set("py", createWebGateway({ backend: py }));
  server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://dashboard");
    const api = /^\/api\/(ts|py)(\/.*)$/.exec(url.pathname);
    if (api !== null) {
      req.url = api[2];
      gateways.get(api[1]).handle(req, res);
      return;
    }
    if (url.pathname === "/report.json") {
      const report = reportFile;
      if (!existsSync(report)) {
        // 204, not 404: no report yet is a normal state, and a 404 would log an error in the browser console.
        res.writeHead(204).end();
        return;
      }
      res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" }).end(readFileSync(report));
      return;
    }
    const file = normalize(join(dist, url.pathname === "/" ? "index.html" : url.pathname));
    if (!file.startsWith(dist)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream" }).end(body);
    } catch {
      res.writeHead(404, { "content-type": "text/plain" }).end(`not found: ${url.pathname}\n`);
    }
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, values.host, resolve);
  });
  const address = server.address();
  process.stderr.write(`polyrpc: ts server ${ts} (pid ${servers.get("ts").pid}), py server ${py} (pid ${servers.get("py").pid})\n`);
  console.log(`dashboard on http://${values.host}:${address.port}/`);
} catch (e) {
  process.stderr.write(`polyrpc: dashboard: ${e.message}\n`);
  await stop(1);
}
