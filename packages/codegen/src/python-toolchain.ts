import { existsSync } from "node:fs";
import { join } from "node:path";
import { runProcess } from "./run-process.js";
import { UserError } from "./user-error.js";

/** A Python interpreter that can run `grpc_tools.protoc`. */
export interface PythonToolchain {
  /** The interpreter's path or command name. */
  python: string;
  /** The grpcio-tools version it has, for example `1.85.1`. */
  grpcioToolsVersion: string;
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
    `install it with \`${python} -m pip install grpcio-tools\` (in the polyrpc repository, ./dev.sh sets up .venv), ` +
    "or point POLYRPC_PYTHON at a Python that has it";
  let result;
  try {
    result = await runProcess(python, [
      "-c",
      "import importlib.metadata as m, grpc_tools.protoc; print(m.version('grpcio-tools'))",
    ]);
  } catch {
    throw new UserError(`Python generation needs a Python 3 interpreter, and ${python} was not found; ${install}`);
  }
  if (result.code !== 0) {
    throw new UserError(`Python generation needs grpcio-tools, which ${python} cannot import; ${install}`);
  }
  return { python, grpcioToolsVersion: result.stdout.trim() };
}
