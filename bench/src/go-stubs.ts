import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { benchGoDir } from "./go-binaries.js";

const require = createRequire(import.meta.url);

/** bench's own proto tree (kept out of the published stubs), and the bench service in it. */
export const protoDir = fileURLToPath(new URL("../proto", import.meta.url));
export const benchProto = "polyrpc/bench/v1/bench.proto";
const goModule = "github.com/polyrpc/polyrpc/bench/go";
/** Where the generated Go package lives, relative to the Go module. */
export const goStubsPackageDir = "internal/benchpb";

/**
 * Writes the Go stubs of bench.proto (bench.pb.go, bench_grpc.pb.go) below `goModuleDir`/internal/benchpb
 * with buf and the pinned protoc-gen-go and protoc-gen-go-grpc. They are committed; the bench's tests
 * regenerate them into a temporary folder and fail on any difference.
 */
export function generateGoStubs(plugins: { protocGenGo: string; protocGenGoGrpc: string }, goModuleDir = benchGoDir): void {
  const opt = [`module=${goModule}`, `M${benchProto}=${goModule}/${goStubsPackageDir}`];
  const template = {
    version: "v2",
    plugins: [
      { local: plugins.protocGenGo, out: goModuleDir, opt },
      { local: plugins.protocGenGoGrpc, out: goModuleDir, opt },
    ],
  };
  const buf = require.resolve("@bufbuild/buf/bin/buf");
  const result = spawnSync(buf, ["generate", ".", "--path", benchProto, "--template", JSON.stringify(template)], {
    cwd: protoDir,
    encoding: "utf8",
    timeout: 60_000,
  });
  if (result.status !== 0) {
    throw new Error(`buf generate of the Go stubs failed (${result.status ?? result.signal}): ${(result.stderr + result.stdout).trim()}`);
  }
}

/** The generated files, relative to the Go module. */
export const goStubFiles = [join(goStubsPackageDir, "bench.pb.go"), join(goStubsPackageDir, "bench_grpc.pb.go")];
