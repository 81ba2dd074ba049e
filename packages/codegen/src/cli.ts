import type { ParseArgsConfig } from "node:util";
import { relative } from "node:path";
import { fileURLToPath } from "node:url";
import { parseCliArgs, runCli, UserError, type CommandModule } from "@polyrpc/cli-kit";
import { breaking } from "./breaking.js";
import { loadConfig, configFileName } from "./config.js";
import { check, generate } from "./generate.js";
import { init } from "./init.js";
import { lint } from "./lint.js";
import { packageInfo } from "./version.js";

const commonOptions = {
  proto: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const satisfies ParseArgsConfig["options"];

const usage = `Usage: polyrpc <command> [options]

Commands:
  init       set up polyrpc in this folder: polyrpc.json, proto/ with an example service, buf.yaml
  gen        compile the proto tree into TypeScript and Python stubs
  lint       lint the proto tree with buf
  breaking   report breaking changes against an earlier git commit
  list       list a server's services, or a service's methods (reflection, --proto or --protoset)
  describe   print a service, method, message or enum of a server as .proto source
  call       call any method of a running server with proto3 JSON, like grpcurl
  interop    run a case file against several servers and compare their answers field by field
  demo       run a seed example's client flow
(list, describe, call, interop and demo come from @polyrpc/client, which must be installed too.)

Options:
  -h, --help     show help for a command
  -v, --version  print the version

Paths come from ${configFileName} (looked up from the working directory upwards) and the options.
Run \`polyrpc <command> --help\` for a command's options.
`;

const commands: Record<string, { help: string; options: ParseArgsConfig["options"]; run: (values: Values, cwd: string) => Promise<number> }> = {
  gen: {
    help: `Usage: polyrpc gen [options]

Compiles every .proto file below the proto folder once (buf), then writes
  TypeScript stubs with protoc-gen-es (target=ts, .js import extensions) and
  Python stubs with grpcio-tools (_pb2.py, _pb2_grpc.py, .pyi) as an importable package, and,
  when configured, the classic grpc-node stubs of grpc-tools (_pb.js, _grpc_pb.js, .d.ts).
With "ts.index" in ${configFileName}, it also writes that file: the barrel that exports every name of
every generated TypeScript file, so a new .proto needs no hand edit.
Each output folder is owned by the generator: it is replaced as a whole, and only once every
generator has succeeded, so a failed run leaves the previous output untouched.

Options:
  --proto <dir>        the proto tree (default: "proto" of ${configFileName})
  --ts-out <dir>       TypeScript output folder (default: "ts.out")
  --py-out <dir>       Python source root, the folder on sys.path (default: "python.root")
  --py-package <name>  dotted Python package for the stubs (default: "python.package", else "stubs")
  --classic-out <dir>  classic grpc-node output folder, google-protobuf + @grpc/grpc-js (default: "classic.out";
                       off unless set; needs protoc 3.19: $POLYRPC_PROTOC, else ./.venv/bin/protoc, else protoc)
  --check              write nothing; exit 1 and print a diff if the output folders are stale
  -h, --help           show this help

Python generation uses $POLYRPC_PYTHON, else ./.venv/bin/python next to ${configFileName}, else python3.
`,
    options: {
      ...commonOptions,
      "ts-out": { type: "string" },
      "py-out": { type: "string" },
      "py-package": { type: "string" },
      "classic-out": { type: "string" },
      check: { type: "boolean" },
    },
    async run(values, cwd) {
      const config = loadConfig(cwd, {
        proto: str(values["proto"]),
        tsOut: str(values["ts-out"]),
        pyOut: str(values["py-out"]),
        pyPackage: str(values["py-package"]),
        classicOut: str(values["classic-out"]),
      });
      if (values["check"] === true) {
        const result = await check(config, cwd);
        if (result.upToDate) {
          process.stdout.write("polyrpc: generated stubs are up to date\n");
          return 0;
        }
        process.stdout.write(result.diff);
        process.stderr.write(
          `polyrpc: ${result.differences.length} generated file(s) are stale: ` +
            `${result.differences.map((d) => d.path).join(", ")}\npolyrpc: run \`polyrpc gen\` and commit the result\n`,
        );
        return 1;
      }
      const result = await generate(config, cwd);
      for (const output of result.outputs) {
        process.stdout.write(`polyrpc: wrote ${output.files.length} ${output.language} files to ${relative(cwd, output.dir) || "."}\n`);
      }
      for (const file of result.files) process.stdout.write(`polyrpc: wrote ${relative(cwd, file)}\n`);
      return 0;
    },
  },
  init: {
    help: `Usage: polyrpc init [options]
Sets up polyrpc in the working directory (an empty folder or an existing repository):
  ${configFileName}                    proto/ in, gen/ts and gen/python out
  proto/buf.yaml                  buf's STANDARD lint rules and WIRE_JSON breaking rules
  proto/greeter/v1/greeter.proto  an example service that passes that lint
  gen/ts/, gen/python/            the output folders (filled by polyrpc gen)
then prints the next three commands. It overwrites nothing: if any of these exists (an output
folder counts when it is not empty), it writes nothing and says which.
Options:
  --python-package <name>  the dotted Python package of the stubs (default: the folder's name + _stubs)
  -h, --help               show this help
`,
    options: { help: { type: "boolean", short: "h" }, "python-package": { type: "string" } },
    async run(values, cwd) {
      const result = await init(cwd, { pythonPackage: str(values["python-package"]) });
      process.stdout.write(`polyrpc: wrote ${result.files.join(", ")}; created ${result.folders.map((f) => `${f}/`).join(", ")}\n`);
      process.stdout.write(`Next:\n${result.next.map((line) => `  ${line}\n`).join("")}`);
      return 0;
    },
  },
  lint: {
    help: `Usage: polyrpc lint [options]

Lints the proto tree with buf, using buf.yaml in the proto folder (buf's STANDARD rules without one).
Prints one file:line:column: message line per problem and exits 1 if there is any.

Options:
  --proto <dir>  the proto tree (default: "proto" of ${configFileName})
  -h, --help     show this help
`,
    options: commonOptions,
    async run(values, cwd) {
      const result = await lint(protoDir(values, cwd), cwd);
      if (result.ok) {
        process.stdout.write("polyrpc: lint found no problems\n");
        return 0;
      }
      process.stdout.write(`${result.problems.join("\n")}\n`);
      process.stderr.write(`polyrpc: lint found ${result.problems.length} problem(s)\n`);
      return 1;
    },
  },
  breaking: {
    help: `Usage: polyrpc breaking --against <git-ref> [options]

Reports changes to the proto tree that break clients built against <git-ref> (a commit, branch or
tag of the repository the proto folder is in), using buf.yaml's "breaking" rules.
Prints one file:line:column: message line per change and exits 1 if there is any.

Options:
  --against <ref>  the git ref to compare with (required), for example HEAD or main
  --proto <dir>    the proto tree (default: "proto" of ${configFileName})
  -h, --help       show this help
`,
    options: { ...commonOptions, against: { type: "string" } },
    async run(values, cwd) {
      const against = str(values["against"]);
      if (against === undefined || against === "") {
        throw new UserError("breaking: --against <git-ref> is required, for example --against HEAD");
      }
      const result = await breaking(protoDir(values, cwd), against, cwd);
      if (result.ok) {
        process.stdout.write(`polyrpc: no breaking changes against ${against}\n`);
        return 0;
      }
      process.stdout.write(`${result.problems.join("\n")}\n`);
      process.stderr.write(`polyrpc: ${result.problems.length} breaking change(s) against ${against}\n`);
      return 1;
    },
  },
};

type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

function str(value: Values[string]): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function protoDir(values: Values, cwd: string): string {
  // lint and breaking need only the proto folder; output folders may be absent from the config.
  return loadConfig(cwd, { proto: str(values["proto"]), tsOut: "unused" }).protoDir;
}

/** Commands that live in @polyrpc/client, which this CLI loads on demand so codegen does not depend on it. */
const clientCommands = new Set(["list", "describe", "call", "demo", "interop"]);

/**
 * Runs the `polyrpc` CLI with `argv` (without node and script) and resolves to the exit code. User errors
 * print `polyrpc: <message>` to stderr and give 1; anything else is a bug and prints its stack and gives 2
 * (@polyrpc/cli-kit's contract).
 */
export function main(argv: readonly string[], cwd: string = process.cwd()): Promise<number> {
  return runCli(() => run(argv, cwd), { prog: "polyrpc" });
}

async function run(argv: readonly string[], cwd: string): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === "--help" || command === "-h" || command === "help") {
    process.stdout.write(usage);
    return command === undefined ? 1 : 0;
  }
  if (command === "--version" || command === "-v") {
    process.stdout.write(`${packageInfo.name} ${packageInfo.version}\n`);
    return 0;
  }
  if (clientCommands.has(command)) return await runClientCommand(command, rest, cwd);
  const spec = commands[command];
  if (spec === undefined && command.startsWith("-")) throw new UserError(`unknown option ${command} (see polyrpc --help)`);
  if (spec === undefined) {
    throw new UserError(
      `unknown command ${JSON.stringify(command)}; commands are init, gen, lint, breaking, ${[...clientCommands].join(", ")} (see polyrpc --help)`,
    );
  }
  const values: Values = parseCliArgs(
    { args: [...rest], options: spec.options, strict: true, allowPositionals: false },
    { command, help: `polyrpc ${command} --help` },
  ).values;
  if (values["help"] === true) {
    process.stdout.write(spec.help);
    return 0;
  }
  return await spec.run(values, cwd);
}

/**
 * Runs a command of @polyrpc/client, an optional peer: codegen cannot depend on it (the client depends on
 * @polyrpc/stubs, which codegen generates, so the build graph would be a cycle). The import has a literal
 * specifier, typed by the declaration in client-cli.d.ts against @polyrpc/cli-kit's CommandModule, which the
 * client's own type check holds its cli.ts to; Node resolves it from this package upwards.
 */
async function runClientCommand(command: string, argv: string[], cwd: string): Promise<number> {
  let client: CommandModule;
  try {
    client = await import("@polyrpc/client/cli");
  } catch (e) {
    // Only the client package itself missing is the user's to fix; an error while loading an installed client
    // (one of its own dependencies missing, a syntax error) is a bug.
    if (!isMissingPackage(e, "@polyrpc/client", fileURLToPath(import.meta.url))) throw e;
    throw new UserError(`${command} needs @polyrpc/client: install it with npm i -D @polyrpc/client`);
  }
  return client.runCommand(command, argv, cwd);
}

/**
 * Whether `error` is Node's failure to find the package `name` imported by the module at `importer` (and not a
 * failure inside that package, whose message names another importer or module).
 */
export function isMissingPackage(error: unknown, name: string, importer: string): boolean {
  return (
    (error as NodeJS.ErrnoException | undefined)?.code === "ERR_MODULE_NOT_FOUND" &&
    (error as Error).message === `Cannot find package '${name}' imported from ${importer}`
  );
}
