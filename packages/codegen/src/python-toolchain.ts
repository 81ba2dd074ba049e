import { existsSync } from "node:fs";
import { join } from "node:path";
import { runProcess, UserError } from "@polyrpc/cli-kit";

/** A Python interpreter that can run `grpc_tools.protoc`. */
export interface PythonToolchain {
  /** The interpreter's path or command name. */
  python: string;
  /** The grpcio-tools version it has, for example `1.85.1`. */
  grpcioToolsVersion: string;
  /** mypy-protobuf's `protoc-gen-mypy_grpc` plugin, which writes the typed `_pb2_grpc.pyi`. */
  mypyGrpcPlugin: string;
  /** The mypy-protobuf version it has, for example `5.1.0`. */
  mypyProtobufVersion: string;
}

/**
 * Finds the Python that generates the stubs: `$POLYRPC_PYTHON` if set, else the project's `.venv` (in the
 * config root), else `python3` on PATH. Rejects with install instructions when that Python is missing or
 * cannot import grpc_tools.
 */
export async function findPythonToolchain(root: string): Promise<PythonToolchain> {
  const fromEnv = process.env["POLYRPC_PYTHON"];
  const venv = join(root, ".venv", "bin", "python");
  const python = fromEnv !== undefined && fromEnv !== "" ? fromEnv : existsSync(venv) ? venv : "python3";
  const install =
    `install it with \`${python} -m pip install grpcio-tools mypy-protobuf\` (in the polyrpc repository, ./dev.sh sets up .venv), ` +
    "or point POLYRPC_PYTHON at a Python that has it";
  let result;
  try {
    result = await runProcess(python, [
      "-c",
      // The plugin is a console script of mypy-protobuf, in the interpreter's scripts folder.
      "import importlib.metadata as m, json, os, sysconfig, grpc_tools.protoc\n" +
        "try:\n  mp = m.version('mypy-protobuf')\nexcept m.PackageNotFoundError:\n  mp = None\n" +
        "print(json.dumps([m.version('grpcio-tools'), mp, os.path.join(sysconfig.get_path('scripts'), 'protoc-gen-mypy_grpc')]))",
    ]);
  } catch {
    throw new UserError(`Python generation needs a Python 3 interpreter, and ${python} was not found; ${install}`);
  }
  if (result.code !== 0) {
    throw new UserError(`Python generation needs grpcio-tools, which ${python} cannot import; ${install}`);
  }
  const [grpcioToolsVersion, mypyProtobufVersion, mypyGrpcPlugin] = JSON.parse(result.stdout) as [string, string | null, string];
  if (mypyProtobufVersion === null || !existsSync(mypyGrpcPlugin)) {
    throw new UserError(`Python generation needs mypy-protobuf (for the typed _pb2_grpc.pyi), which ${python} lacks; ${install}`);
  }
  return { python, grpcioToolsVersion, mypyGrpcPlugin, mypyProtobufVersion };
}
