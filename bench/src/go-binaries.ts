import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { buildGoCached, goCacheDir } from "@polyrpc/devkit";

/** The Go module of the bench: the grpc-go server, the load client and the pinned protoc plugins. */
export const benchGoDir = fileURLToPath(new URL("../go", import.meta.url));

/** Why the server comparisons are skipped on a machine without Go. */
export const GO_NOT_FOUND = "go not found on PATH: the grpc-go server and the Go load client of the server comparisons need Go";

/** How long building the Go binaries may take (module downloads and compiles on a cold cache). */
export const GO_BUILD_TIMEOUT_MS = 5 * 60_000;

/** Paths of the bench's Go binaries. */
export interface BenchGoBinaries {
  /** BenchService on grpc-go (cmd/server). */
  server: string;
  /** The one load generator (cmd/load). */
  load: string;
  /** protoc-gen-go and protoc-gen-go-grpc at the versions go.mod pins (its `tool` lines). */
  protocGenGo: string;
  protocGenGoGrpc: string;
  built: boolean;
  ms: number;
}

/** SHA-256 over the module's go.mod, go.sum and .go files (paths and contents), so an edit rebuilds. */
export function goSourceHash(dir = benchGoDir): string {
  const hash = createHash("sha256");
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name === "go.mod" || entry.name === "go.sum" || entry.name.endsWith(".go")) {
        hash.update(relative(dir, path)).update("\0").update(readFileSync(path)).update("\0");
      }
    }
  };
  walk(dir);
  return hash.digest("hex").slice(0, 16);
}

/**
 * Builds the server, the load client and the two protoc plugins with one `go build` (modules from the Go
 * module proxy, versions from go.mod/go.sum) into $POLYRPC_GO_CACHE/bench-<source hash>-<os>-<arch>, or
 * returns them from there. Rejects with {@link GO_NOT_FOUND} without Go, with go's output on a failure.
 */
export async function ensureBenchGoBinaries(options: { go?: string; cacheDir?: string } = {}): Promise<BenchGoBinaries> {
  const dir = join(options.cacheDir ?? goCacheDir(), `bench-${goSourceHash()}-${process.platform}-${process.arch}`);
  const { paths, built, ms } = await buildGoCached({
    what: "go build of the bench server, load client and protoc plugins",
    dir,
    binaries: ["server", "load", "protoc-gen-go", "protoc-gen-go-grpc"],
    args: (staging) => [
      "build",
      "-mod=readonly", // go.mod and go.sum are committed; a build never edits them.
      "-o",
      `${staging}/`,
      "./cmd/server",
      "./cmd/load",
      "google.golang.org/protobuf/cmd/protoc-gen-go",
      "google.golang.org/grpc/cmd/protoc-gen-go-grpc",
    ],
    cwd: benchGoDir,
    timeoutMs: GO_BUILD_TIMEOUT_MS,
    goNotFound: GO_NOT_FOUND,
    ...(options.go !== undefined ? { go: options.go } : {}),
  });
  return {
    server: paths["server"]!,
    load: paths["load"]!,
    protocGenGo: paths["protoc-gen-go"]!,
    protocGenGoGrpc: paths["protoc-gen-go-grpc"]!,
    built,
    ms,
  };
}
