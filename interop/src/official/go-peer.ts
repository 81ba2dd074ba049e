// grpc-go's interop client and server, the official peers of the TypeScript side. They are built at
// test time from the Go module proxy (`go install ...@version`) into a cache folder outside the repo;
// nothing built is committed.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { accessSync, constants as fsConstants, existsSync, statSync } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { runProcess, stopProcess, TailBuffer, waitForPort, type ProcessResult } from "./processes.js";

/** The pinned grpc-go release; its interop binaries need Go ≥ 1.24. */
export const GRPC_GO_VERSION = "v1.85.0";
const CLIENT_PACKAGE = "google.golang.org/grpc/interop/client";
const SERVER_PACKAGE = "google.golang.org/grpc/interop/server";

/** Why every official cell is skipped on a machine without Go. */
export const GO_NOT_FOUND = "go not found on PATH: official interop peers need Go";

/** How long the one `go install` of a run may take (downloads and compiles on a cold cache). */
export const GO_INSTALL_TIMEOUT_MS = 5 * 60_000;

/** The `go` executable on PATH, or undefined when there is none. */
export function findGo(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const names = process.platform === "win32" ? ["go.exe"] : ["go"];
  for (const dir of (env.PATH ?? "").split(delimiter)) {
    if (dir === "") continue;
    for (const name of names) {
      const candidate = join(dir, name);
      try {
        if (!statSync(candidate).isFile()) continue;
        accessSync(candidate, fsConstants.X_OK);
        return candidate;
      } catch {
        // Not here.
      }
    }
  }
  return undefined;
}

/** Where the binaries are cached: $POLYRPC_GO_CACHE, else <os tmpdir>/polyrpc-go. */
export function goCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env.POLYRPC_GO_CACHE;
  return configured !== undefined && configured !== "" ? configured : join(tmpdir(), "polyrpc-go");
}

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

const pending = new Map<string, Promise<GoPeers>>();

/**
 * Returns grpc-go's interop client and server binaries, building them once (per cache folder and per
 * process) with `go install` when the cache lacks them. Rejects with the go tool's own error output when
 * the build fails, and after {@link GO_INSTALL_TIMEOUT_MS} (the build is killed).
 */
export function ensureGoPeers(options: { go?: string; cacheDir?: string; timeoutMs?: number } = {}): Promise<GoPeers> {
  const cacheDir = options.cacheDir ?? goCacheDir();
  let promise = pending.get(cacheDir);
  if (promise === undefined) {
    promise = buildGoPeers(options.go, cacheDir, options.timeoutMs ?? GO_INSTALL_TIMEOUT_MS);
    pending.set(cacheDir, promise);
    // A failed build is not remembered: a later call tries again.
    promise.catch(() => pending.delete(cacheDir));
  }
  return promise;
}

async function buildGoPeers(goOption: string | undefined, cacheDir: string, timeoutMs: number): Promise<GoPeers> {
  const exe = process.platform === "win32" ? ".exe" : "";
  const dir = join(cacheDir, `grpc-go-${GRPC_GO_VERSION}-${process.platform}-${process.arch}`);
  const client = join(dir, `client${exe}`);
  const server = join(dir, `server${exe}`);
  if (existsSync(client) && existsSync(server)) return { version: GRPC_GO_VERSION, client, server, built: false, ms: 0 };

  const go = goOption ?? findGo();
  if (go === undefined) throw new Error(GO_NOT_FOUND);
  // Built into a private folder, then renamed into place, so a concurrent or killed build never leaves
  // a half-written binary where the next run looks.
  const staging = join(cacheDir, `.build-${process.pid}-${randomBytes(4).toString("hex")}`);
  await mkdir(staging, { recursive: true });
  try {
    const result = await runProcess(go, ["install", `${CLIENT_PACKAGE}@${GRPC_GO_VERSION}`, `${SERVER_PACKAGE}@${GRPC_GO_VERSION}`], {
      cwd: staging, // Outside any Go module or workspace of the caller.
      env: {
        ...process.env,
        GOBIN: staging,
        GOWORK: "off",
        GO111MODULE: "on",
        GOTOOLCHAIN: "local", // Use the Go that is here; never fetch another toolchain.
        CGO_ENABLED: "0", // Pure Go: no C compiler needed.
      },
      timeoutMs,
      processGroup: true,
    });
    if (result.timedOut) {
      throw new Error(
        `go install of grpc-go ${GRPC_GO_VERSION} interop client and server did not finish within ${duration(timeoutMs)} and was killed` +
          outputTail(result),
      );
    }
    if (result.code !== 0) {
      throw new Error(`go install of grpc-go ${GRPC_GO_VERSION} interop client and server failed (exit ${result.code ?? result.signal})` + outputTail(result));
    }
    await mkdir(dir, { recursive: true });
    await rename(join(staging, `client${exe}`), client);
    await rename(join(staging, `server${exe}`), server);
    return { version: GRPC_GO_VERSION, client, server, built: true, ms: result.ms };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

function outputTail(result: ProcessResult): string {
  const text = `${result.stderr}\n${result.stdout}`.trim();
  return text === "" ? "" : `:\n${text.split("\n").slice(-20).join("\n")}`;
}

/** How long the Go server may take to say which port it bound and to accept connections. */
export const GO_SERVER_START_TIMEOUT_MS = 20_000;

/** A running grpc-go interop server. */
export interface RunningGoServer {
  pid: number;
  port: number;
  /** `127.0.0.1:<port>`. */
  target: string;
  /** The last of its log output, for error messages. */
  log(): string;
  /** Stops it by pid (SIGTERM, then SIGKILL), bounded. */
  stop(): Promise<void>;
}

/**
 * Starts grpc-go's interop server, plaintext, on a port the OS picks (`--port=0`; the port is read from
 * its "listening on" log line), and waits (bounded) until it accepts connections on 127.0.0.1.
 */
export async function startGoServer(serverBinary: string, timeoutMs = GO_SERVER_START_TIMEOUT_MS): Promise<RunningGoServer> {
  const child = spawn(serverBinary, ["--port=0", "--use_tls=false"], {
    stdio: ["ignore", "pipe", "pipe"],
    // Info logging makes the server print the address it bound.
    env: { ...process.env, GRPC_GO_LOG_SEVERITY_LEVEL: "info", GRPC_GO_LOG_VERBOSITY_LEVEL: "0" },
  });
  const output = new TailBuffer(32 * 1024);
  // Should this process exit without stopping the server, the server goes with it.
  const killOnExit = () => {
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(child.pid, "SIGKILL");
      } catch {
        // Already gone.
      }
    }
  };
  process.once("exit", killOnExit);
  child.once("exit", () => process.removeListener("exit", killOnExit));
  let started = false;
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let seen = "";
      const onData = (chunk: Buffer) => {
        output.append(chunk);
        if (seen.length < 64 * 1024) seen += chunk.toString();
        const match = /interop server listening on \S*:(\d+)/.exec(seen);
        if (match?.[1] !== undefined) resolve(Number(match[1]));
      };
      child.stdout?.on("data", onData);
      child.stderr?.on("data", onData);
      child.once("error", (error) => reject(new Error(`cannot start grpc-go interop server ${serverBinary}: ${error.message}`)));
      child.once("exit", (code, signal) =>
        reject(new Error(`grpc-go interop server exited (${code ?? signal}) before it listened:\n${output.toString().trim()}`)),
      );
      setTimeout(() => reject(new Error(`grpc-go interop server did not report its port within ${timeoutMs} ms:\n${output.toString().trim()}`)), timeoutMs).unref();
    });
    await waitForPort("127.0.0.1", port, timeoutMs);
    started = true;
    return {
      pid: child.pid ?? -1,
      port,
      target: `127.0.0.1:${port}`,
      log: () => output.toString(),
      stop: () => stopProcess(child),
    };
  } finally {
    if (!started) await stopProcess(child, 0); // SIGKILL at once, bounded wait for the exit.
  }
}

/** How long one run of the Go interop client may take. */
export const GO_CLIENT_TIMEOUT_MS = 30_000;

/** The outcome of one Go client run: undefined on a pass, else why it failed. */
export async function runGoClientCase(clientBinary: string, port: number, testCase: string, timeoutMs = GO_CLIENT_TIMEOUT_MS): Promise<string | undefined> {
  const result = await runProcess(
    clientBinary,
    ["--server_host=127.0.0.1", `--server_port=${port}`, `--test_case=${testCase}`, "--use_tls=false"],
    { timeoutMs },
  );
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

function duration(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`;
}
