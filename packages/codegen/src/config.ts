import { existsSync, readFileSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { UserError } from "@polyrpc/cli-kit";

/** The name of the optional project file that `polyrpc` looks for in the working directory and above. */
export const configFileName = "polyrpc.json";

/** Where protos are read and stubs written, with every path absolute. */
export interface Config {
  /** The folder the config was found in, or the working directory when there is no config file. */
  root: string;
  /** The proto tree: every `.proto` file below it is compiled; imports resolve against it. */
  protoDir: string;
  /** TypeScript output folder, or undefined when TypeScript is not generated. */
  tsOut: string | undefined;
  /**
   * Where the barrel of the TypeScript stubs is written (every export of every generated file, by name),
   * or undefined for none. `ts.index` of the config file.
   */
  tsIndex: string | undefined;
  /** Python output, or undefined when Python is not generated. */
  python:
    | {
        /** The folder on `sys.path` (for example a wheel's `src/`). */
        root: string;
        /** The dotted Python package the stubs live in, below `root`, for example `polyrpc_stubs`. */
        package: string;
        /** `root` joined with the package's folders: the folder the generator owns. */
        out: string;
      }
    | undefined;
  /**
   * The classic grpc-node output (grpc-tools' `_pb.js` and `_grpc_pb.js`, with `.d.ts`), or undefined when
   * it is not generated (the default: it needs protoc 3.19, see classic/protoc-toolchain.ts).
   */
  classic: { out: string; omitSerializeInstanceof: boolean } | undefined;
}

/** Command-line overrides; each wins over the config file. */
export interface ConfigFlags {
  proto?: string | undefined;
  tsOut?: string | undefined;
  pyOut?: string | undefined;
  pyPackage?: string | undefined;
  classicOut?: string | undefined;
}

interface ConfigFile {
  proto?: unknown;
  ts?: { out?: unknown; index?: unknown };
  python?: { root?: unknown; package?: unknown };
  classic?: { out?: unknown; omitSerializeInstanceof?: unknown };
}

const pythonPackagePattern = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/**
 * Finds `polyrpc.json` in `cwd` or the nearest folder above it, and applies the flags on top. Without a
 * config file, paths come from the flags alone, relative to `cwd`, and `--proto` is required.
 */
export function loadConfig(cwd: string, flags: ConfigFlags): Config {
  const file = findUp(cwd, configFileName);
  let data: ConfigFile = {};
  const root = file === undefined ? cwd : dirname(file);
  if (file !== undefined) {
    try {
      data = JSON.parse(readFileSync(file, "utf8")) as ConfigFile;
    } catch (e) {
      throw new UserError(`${file}: not valid JSON: ${(e as Error).message}`);
    }
    if (typeof data !== "object" || data === null || Array.isArray(data)) {
      throw new UserError(`${file}: expected a JSON object`);
    }
  }
  const fromFile = (value: unknown, key: string): string | undefined => {
    if (value === undefined) return undefined;
    if (typeof value !== "string" || value === "") {
      throw new UserError(`${file}: "${key}" must be a non-empty string, got ${JSON.stringify(value)}`);
    }
    return resolve(root, value);
  };
  const fromFlag = (value: string | undefined): string | undefined => (value === undefined ? undefined : isAbsolute(value) ? value : resolve(cwd, value));

  const protoDir = fromFlag(flags.proto) ?? fromFile(data.proto, "proto");
  if (protoDir === undefined) {
    throw new UserError(`no proto folder: pass --proto <dir> or create ${configFileName} with a "proto" entry`);
  }
  if (!existsSync(protoDir)) {
    throw new UserError(`proto folder ${protoDir} does not exist`);
  }
  const tsOut = fromFlag(flags.tsOut) ?? fromFile(data.ts?.out, "ts.out");
  // The barrel belongs to the configured output folder: an --ts-out elsewhere gets none.
  const tsIndex = flags.tsOut === undefined && tsOut !== undefined ? fromFile(data.ts?.index, "ts.index") : undefined;
  const pyRoot = fromFlag(flags.pyOut) ?? fromFile(data.python?.root, "python.root");
  let python: Config["python"];
  if (pyRoot !== undefined) {
    const pkg = flags.pyPackage ?? data.python?.package ?? "stubs";
    if (typeof pkg !== "string" || !pythonPackagePattern.test(pkg)) {
      throw new UserError(`python package ${JSON.stringify(pkg)} is not a dotted Python identifier`);
    }
    python = { root: pyRoot, package: pkg, out: join(pyRoot, ...pkg.split(".")) };
  }
  const classicOut = fromFlag(flags.classicOut) ?? fromFile(data.classic?.out, "classic.out");
  let classic: Config["classic"];
  if (classicOut !== undefined) {
    const omit = data.classic?.omitSerializeInstanceof ?? false;
    if (typeof omit !== "boolean") {
      throw new UserError(`${file}: "classic.omitSerializeInstanceof" must be true or false, got ${JSON.stringify(omit)}`);
    }
    classic = { out: classicOut, omitSerializeInstanceof: omit };
  }
  if (tsOut === undefined && python === undefined && classic === undefined) {
    throw new UserError(`nothing to generate: pass --ts-out, --py-out and/or --classic-out, or set them in ${configFileName}`);
  }
  return { root, protoDir, tsOut, tsIndex, python, classic };
}

function findUp(start: string, name: string): string | undefined {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    const candidate = join(dir, name);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}
