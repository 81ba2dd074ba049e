// The Go toolchain as polyrpc's test and bench tools use it: find `go` on PATH, and build Go binaries
// once into a cache folder outside the repo ($POLYRPC_GO_CACHE), from the Go module proxy.
import { randomBytes } from "node:crypto";
import { accessSync, constants as fsConstants, existsSync, statSync } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { runProcess, type ProcessResult } from "./processes.js";

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

/** Where Go binaries are cached: $POLYRPC_GO_CACHE, else <os tmpdir>/polyrpc-go. */
export function goCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env.POLYRPC_GO_CACHE;
  return configured !== undefined && configured !== "" ? configured : join(tmpdir(), "polyrpc-go");
}

/** What {@link buildGoCached} builds. */
export interface GoBuildSpec {
  /** Names the build in error messages, e.g. "go install of grpc-go v1.85.0 interop client and server". */
  what: string;
  /** The folder that holds the binaries once built; its name should change whenever the inputs do. */
  dir: string;
  /** File names (without .exe) the build leaves in its output folder. */
  binaries: readonly string[];
  /**
   * The go tool's arguments, given the staging folder the binaries must land in: `go install` writes
   * there through GOBIN, `go build` through `-o <staging>/`.
   */
  args(staging: string): string[];
  /** Working directory of the go tool; default the staging folder (outside any module of the caller). */
  cwd?: string;
  /** The go executable; default {@link findGo}. */
  go?: string;
  /** Kill the build after this long. */
  timeoutMs: number;
  /** Thrown (as the Error message) when no go is found. */
  goNotFound: string;
}

/** Built (or cached) binaries by name. */
export interface GoBinaries {
  paths: Record<string, string>;
  /** True when this call built them; false when they came from the cache. */
  built: boolean;
  /** Time spent building (0 from the cache). */
  ms: number;
}

/**
 * Returns the binaries of `spec`, building them when the cache folder lacks them. Rejects with the go
 * tool's own error output when the build fails, and after `timeoutMs` (the build and its helper processes
 * are killed). Nothing is left behind by a failed build.
 */
export async function buildGoCached(spec: GoBuildSpec): Promise<GoBinaries> {
  const exe = process.platform === "win32" ? ".exe" : "";
  const paths = Object.fromEntries(spec.binaries.map((name) => [name, join(spec.dir, `${name}${exe}`)]));
  if (Object.values(paths).every((p) => existsSync(p))) return { paths, built: false, ms: 0 };

  const go = spec.go ?? findGo();
  if (go === undefined) throw new Error(spec.goNotFound);
  // Built into a private folder, then renamed into place, so a concurrent or killed build never leaves
  // a half-written binary where the next run looks.
  const parent = join(spec.dir, "..");
  const staging = join(parent, `.build-${process.pid}-${randomBytes(4).toString("hex")}`);
  await mkdir(staging, { recursive: true });
  try {
    const result = await runProcess(go, spec.args(staging), {
      cwd: spec.cwd ?? staging,
      env: {
        ...process.env,
        GOBIN: staging,
        GOWORK: "off",
        GO111MODULE: "on",
        GOTOOLCHAIN: "local", // Use the Go that is here; never fetch another toolchain.
        CGO_ENABLED: "0", // Pure Go: no C compiler needed.
      },
      timeoutMs: spec.timeoutMs,
      processGroup: true,
    });
    if (result.timedOut) {
      throw new Error(`${spec.what} did not finish within ${duration(spec.timeoutMs)} and was killed` + outputTail(result));
    }
    if (result.code !== 0) {
      throw new Error(`${spec.what} failed (exit ${result.code ?? result.signal})` + outputTail(result));
    }
    await mkdir(spec.dir, { recursive: true });
    for (const name of spec.binaries) await rename(join(staging, `${name}${exe}`), paths[name]!);
    return { paths, built: true, ms: result.ms };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

function outputTail(result: ProcessResult): string {
  const text = `${result.stderr}\n${result.stdout}`.trim();
  return text === "" ? "" : `:\n${text.split("\n").slice(-20).join("\n")}`;
}

/** `90 s` or `500 ms`. */
export function duration(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`;
}
