// grpc-go's interop client and server, the official peers of the TypeScript side. They are built at
// test time from the Go module proxy (`go install ...@version`) into a cache folder outside the repo;
// nothing built is committed.
import { join } from "node:path";
import { buildGoCached, duration, goCacheDir, runProcess, startListening, type ListeningProcess, type ProcessResult } from "@polyrpc/devkit";

export { findGo, goCacheDir } from "@polyrpc/devkit";

/** The pinned grpc-go release; its interop binaries need Go ≥ 1.24. */
export const GRPC_GO_VERSION = "v1.85.0";
const CLIENT_PACKAGE = "google.golang.org/grpc/interop/client";
const SERVER_PACKAGE = "google.golang.org/grpc/interop/server";

/** Why every official cell is skipped on a machine without Go. */
export const GO_NOT_FOUND = "go not found on PATH: official interop peers need Go";

/** How long the one `go install` of a run may take (downloads and compiles on a cold cache). */
export const GO_INSTALL_TIMEOUT_MS = 5 * 60_000;

/** Paths of the built peers. */
export interface GoPeers {
  version: string;
  client: string;
  server: string;
  /** True when this call built them; false when they came from the cache. */
  built: boolean;
  /** Time spent building (0 from the cache). */
  ms: number;
}

/**
 * Returns grpc-go's interop client and server binaries, building them once (per cache folder and per
 * process) with `go install` when the cache lacks them. Rejects with the go tool's own error output when
 * the build fails, and after {@link GO_INSTALL_TIMEOUT_MS} (the build is killed).
 */
export function ensureGoPeers(options: { go?: string; cacheDir?: string; timeoutMs?: number } = {}): Promise<GoPeers> {
  const cacheDir = options.cacheDir ?? goCacheDir();
  let promise = peers.get(cacheDir);
  if (promise === undefined) {
    promise = buildGoPeers(cacheDir, options);
    peers.set(cacheDir, promise);
    promise.catch(() => peers.delete(cacheDir));
  }
  return promise;
}

// One answer per cache folder and process, so every caller gets the same paths object.
const peers = new Map<string, Promise<GoPeers>>();

async function buildGoPeers(cacheDir: string, options: { go?: string; timeoutMs?: number }): Promise<GoPeers> {
  const timeoutMs = options.timeoutMs ?? GO_INSTALL_TIMEOUT_MS;
  const { paths, built, ms } = await buildGoCached({
    what: `go install of grpc-go ${GRPC_GO_VERSION} interop client and server`,
    dir: join(cacheDir, `grpc-go-${GRPC_GO_VERSION}-${process.platform}-${process.arch}`),
    binaries: ["client", "server"],
    args: () => ["install", `${CLIENT_PACKAGE}@${GRPC_GO_VERSION}`, `${SERVER_PACKAGE}@${GRPC_GO_VERSION}`],
    timeoutMs,
    goNotFound: GO_NOT_FOUND,
    ...(options.go !== undefined ? { go: options.go } : {}),
  });
  return { version: GRPC_GO_VERSION, client: paths["client"]!, server: paths["server"]!, built, ms };
}

/** How long the Go server may take to say which port it bound and to accept connections. */
export const GO_SERVER_START_TIMEOUT_MS = 20_000;

/** A running grpc-go interop server. */
export type RunningGoServer = ListeningProcess;

/**
 * Starts grpc-go's interop server, plaintext, on a port the OS picks (`--port=0`; the port is read from
 * its "listening on" log line), and waits (bounded) until it accepts connections on 127.0.0.1.
 */
export function startGoServer(serverBinary: string, timeoutMs = GO_SERVER_START_TIMEOUT_MS): Promise<RunningGoServer> {
  return startListening(serverBinary, ["--port=0", "--use_tls=false"], {
    label: "grpc-go interop server",
    portPattern: /interop server listening on \S*:(\d+)/,
    // Info logging makes the server print the address it bound.
    env: { ...process.env, GRPC_GO_LOG_SEVERITY_LEVEL: "info", GRPC_GO_LOG_VERBOSITY_LEVEL: "0" },
    timeoutMs,
  });
}

/** How long one run of the Go interop client may take. */
export const GO_CLIENT_TIMEOUT_MS = 30_000;

/** The outcome of one Go client run: undefined on a pass, else why it failed. */
export async function runGoClientCase(clientBinary: string, port: number, testCase: string, timeoutMs = GO_CLIENT_TIMEOUT_MS): Promise<string | undefined> {
  const result = await runProcess(clientBinary, ["--server_host=127.0.0.1", `--server_port=${port}`, `--test_case=${testCase}`, "--use_tls=false"], {
    timeoutMs,
  });
  if (result.timedOut) return `grpc-go interop client did not finish within ${duration(timeoutMs)} and was killed${briefOutput(result)}`;
  if (result.code === 0) return undefined;
  return `grpc-go interop client exited with ${result.code ?? result.signal}${briefOutput(result)}`;
}

/** The lines that say why a Go client failed: its FATAL/ERROR lines, else the last few lines. */
function briefOutput(result: ProcessResult): string {
  const lines = `${result.stderr}\n${result.stdout}`
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "");
  const important = lines.filter((l) => /FATAL|ERROR|panic/.test(l));
  const chosen = (important.length > 0 ? important : lines).slice(-3).join(" | ");
  const text = chosen.length > 800 ? `${chosen.slice(0, 800)}…` : chosen;
  return text === "" ? "" : `: ${text}`;
}
