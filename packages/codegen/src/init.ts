import { existsSync, readdirSync, statSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { configFileName } from "./config.js";
import { UserError } from "@polyrpc/cli-kit";

/** What `polyrpc init` wrote, and what to run next. */
export interface InitResult {
  /** Files written, relative to the folder, in the order written. */
  files: string[];
  /** Output folders created (empty until `polyrpc gen`), relative to the folder. */
  folders: string[];
  /** The three commands to run next, each with a comment saying what it does. */
  next: string[];
}

const pythonIdentifier = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/**
 * The Python package a project's stubs go into by default: the folder's name as an identifier plus
 * `_stubs` (`my-app` gives `my_app_stubs`), so two projects' stubs never share a top-level name.
 */
export function defaultPythonPackage(dir: string): string {
  const name = basename(dir)
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, "_")
    .replace(/^_+|_+$/g, "");
  return `${/^[a-z_]/.test(name) ? name : `p_${name}`}_stubs`.replace(/^_stubs$/, "stubs");
}

/**
 * Sets up polyrpc in `dir` (an empty folder or an existing repository): `polyrpc.json`, `proto/buf.yaml`
 * (buf's STANDARD lint rules, WIRE_JSON breaking rules), an example service in
 * `proto/greeter/v1/greeter.proto` that passes that lint, and the two output folders `gen/ts` and
 * `gen/python`. It never overwrites: if any of those files exists, or an output folder exists and is not
 * empty, it writes nothing and throws a user error naming every one.
 */
export async function init(dir: string, options: { pythonPackage?: string | undefined } = {}): Promise<InitResult> {
  const pythonPackage = options.pythonPackage ?? defaultPythonPackage(dir);
  if (!pythonIdentifier.test(pythonPackage)) {
    throw new UserError(`init: --python-package ${JSON.stringify(pythonPackage)} is not a dotted Python identifier`);
  }
  const files: [string, string][] = [
    [configFileName, configFile(pythonPackage)],
    ["proto/buf.yaml", bufYaml],
    ["proto/greeter/v1/greeter.proto", exampleProto],
  ];
  const folders = ["gen/ts", "gen/python"];
  const taken = [
    ...files.map(([path]) => path).filter((path) => existsSync(join(dir, path))),
    ...folders.filter((path) => existsSync(join(dir, path)) && !(statSync(join(dir, path)).isDirectory() && readdirSync(join(dir, path)).length === 0)),
  ];
  if (taken.length > 0) {
    throw new UserError(
      `init: ${taken.join(", ")} already exist${taken.length === 1 ? "s" : ""} in ${dir}; polyrpc init overwrites nothing, so it wrote nothing`,
    );
  }
  for (const [path, content] of files) {
    await mkdir(join(dir, path, ".."), { recursive: true });
    // "wx": fail rather than overwrite a file that appeared since the check.
    await writeFile(join(dir, path), content, { flag: "wx" });
  }
  for (const folder of folders) await mkdir(join(dir, folder), { recursive: true });
  return {
    files: files.map(([path]) => path),
    folders,
    next: [
      "npx polyrpc gen    # TypeScript into gen/ts, Python into gen/python (Python: $POLYRPC_PYTHON, ./.venv or python3, with grpcio-tools)",
      "npx polyrpc lint   # buf's STANDARD rules on proto/",
      "npx polyrpc list --proto greeter/v1/greeter.proto -I proto   # the services a server of these protos has",
    ],
  };
}

function configFile(pythonPackage: string): string {
  return `${JSON.stringify(
    {
      $comment:
        "Where `polyrpc gen` reads protos and writes stubs; paths are relative to this file. The generator owns the output folders and ts.index: do not edit them.",
      proto: "proto",
      ts: { out: "gen/ts/proto", index: "gen/ts/index.ts" },
      python: { root: "gen/python", package: pythonPackage },
    },
    null,
    2,
  )}\n`;
}

const bufYaml = `# buf configuration for the proto tree; \`polyrpc lint\` and \`polyrpc breaking\` read it.
version: v2
lint:
  use:
    - STANDARD # package versions, file layout, naming, unique request and response messages
breaking:
  use:
    - WIRE_JSON # what a client in another language can observe: the binary wire format and JSON names
`;

const exampleProto = `// An example service written by \`polyrpc init\`: rename it, change it, or add files next to it.
// Every file below proto/ is compiled by \`polyrpc gen\`; the folders follow the package (greeter/v1).
syntax = "proto3";

package greeter.v1;

// Greets people.
service GreeterService {
  // Answers one greeting.
  rpc SayHello(SayHelloRequest) returns (SayHelloResponse);
  // Answers with \`count\` greetings, one message each.
  rpc SayHelloStream(SayHelloStreamRequest) returns (stream SayHelloStreamResponse);
}

// Who to greet.
message SayHelloRequest {
  string name = 1;
}

// The greeting.
message SayHelloResponse {
  string message = 1;
}

// Who to greet, and how often.
message SayHelloStreamRequest {
  string name = 1;
  int32 count = 2;
}

// One greeting of the stream.
message SayHelloStreamResponse {
  string message = 1;
  // 64-bit: a JSON string, a bigint in TypeScript, an int in Python.
  int64 sequence = 2;
}
`;
