// The Go toolchain as polyrpc's test and bench tools use it: find `go` on PATH, and build Go binaries
// once into a cache folder outside the repo ($POLYRPC_GO_CACHE), from the Go module proxy.
import { randomBytes } from "node:crypto";
import { accessSync, constants as fsConstants, existsSync, statSync } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { runProcess } from "./run-process.mjs";

/**
 * The `go` executable on PATH, or undefined when there is none.
 * @param {NodeJS.ProcessEnv} [env]
 * @returns {string | undefined}
 */
export function findGo(env = process.env) {
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

/**
 * Where Go binaries are cached: $POLYRPC_GO_CACHE, else <os tmpdir>/polyrpc-go.
 * @param {NodeJS.ProcessEnv} [env]
 * @returns {string}
 */
export function goCacheDir(env = process.env) {
  const configured = env.POLYRPC_GO_CACHE;
  return configured !== undefined && configured !== "" ? configured : join(tmpdir(), "polyrpc-go");
}

/**
 * What {@link buildGoCached} builds.
 * @typedef {object} GoBuildSpec
 * @property {string} what names the build in error messages, e.g. "go install of grpc-go v1.85.0 interop client and server"
 * @property {string} dir the folder that holds the binaries once built; its name should change whenever the inputs do
 * @property {readonly string[]} binaries file names (without .exe) the build leaves in its output folder
 * @property {(staging: string) => string[]} args the go tool's arguments, given the staging folder the binaries
 *   must land in: `go install` writes there through GOBIN, `go build` through `-o <staging>/`
 * @property {string} [cwd] working directory of the go tool; default the staging folder (outside any module of the caller)
 * @property {string} [go] the go executable; default {@link findGo}
 * @property {number} timeoutMs kill the build after this long
 * @property {string} goNotFound thrown (as the Error message) when no go is found
 */

/**
 * Built (or cached) binaries by name.
 * @typedef {object} GoBinaries
 * @property {Record<string, string>} paths
 * @property {boolean} built true when this call built them; false when they came from the cache
 * @property {number} ms time spent building (0 from the cache)
 */

/**
 * Returns the binaries of `spec`, building them when the cache folder lacks them. Rejects with the go
 * tool's own error output when the build fails, and after `timeoutMs` (the build and its helper processes
 * are killed). Nothing is left behind by a failed build.
 * @param {GoBuildSpec} spec
 * @returns {Promise<GoBinaries>}
 */
export async function buildGoCached(spec) {
  const exe = process.platform === "win32" ? ".exe" : "";
  /** @type {Record<string, string>} */
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
      throw new Error(`${spec.what} did not finish within ${duration(spec.timeoutMs)} and was killed${outputTail(result)}`);
    }
    if (result.code !== 0) {
      throw new Error(`${spec.what} failed (exit ${result.code ?? result.signal})${outputTail(result)}`);
    }
    await mkdir(spec.dir, { recursive: true });
    for (const name of spec.binaries) await rename(join(staging, `${name}${exe}`), /** @type {string} */ (paths[name]));
    return { paths, built: true, ms: result.ms };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/**
 * @param {import("./run-process.mjs").ProcessResult} result
 * @returns {string}
 */
function outputTail(result) {
  const text = `${result.stderr}\n${result.stdout}`.trim();
  return text === "" ? "" : `:\n${text.split("\n").slice(-20).join("\n")}`;
}

/**
 * `90 s` or `500 ms`.
 * @param {number} ms
 * @returns {string}
 */
export function duration(ms) {
  return ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`;
}
