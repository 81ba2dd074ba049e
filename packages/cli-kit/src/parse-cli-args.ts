import { parseArgs, type ParseArgsConfig } from "node:util";
import { closestName } from "./closest-name.js";
import { UserError } from "./user-error.js";

/** What a parse error names besides the problem itself. */
export interface CliArgsContext {
  /** A subcommand, printed before the problem: `call: unknown option --x`. */
  command?: string;
  /** The help to point at, printed after it: `polyrpc call --help` gives ` (see polyrpc call --help)`. */
  help?: string;
}

/**
 * node:util's `parseArgs`, strict by default, with its errors turned into {@link UserError}s in the voice of
 * every polyrpc command: lowercase, on one line, naming the option or value, without parseArgs's closing hint on
 * `--` syntax. The messages (after the optional `<command>: `, before the optional ` (see <help>)`):
 *
 * - `unknown option --prot; did you mean --port?` (the hint only for a near match of a long option)
 * - `--backend needs a value`
 * - `--backend needs a value, got "--port"; write --backend=--port if that is the value`
 * - `--plaintext takes no value, got "yes"`
 * - `unexpected argument "x"; this command takes no positional arguments`
 *
 * An invalid `config` (a bug, not the user's input) is rethrown as parseArgs threw it.
 */
export function parseCliArgs<T extends ParseArgsConfig>(config: T, context: CliArgsContext = {}): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code !== "string" || !code.startsWith("ERR_PARSE_ARGS_")) throw error;
    const problem = describeProblem(config) ?? fallbackMessage(error as Error);
    const prefix = context.command === undefined ? "" : `${context.command}: `;
    const suffix = context.help === undefined ? "" : ` (see ${context.help})`;
    throw new UserError(`${prefix}${problem}${suffix}`, { cause: error });
  }
}

/**
 * The first token strict parsing rejects, found again in parseArgs's documented tokens (a lenient parse) rather
 * than in its English messages, which are not an API.
 */
function describeProblem(config: ParseArgsConfig): string | undefined {
  const options = config.options ?? {};
  const positionalsAllowed = config.allowPositionals ?? !(config.strict ?? true);
  let tokens;
  try {
    ({ tokens } = parseArgs({ ...config, strict: false, allowPositionals: true, tokens: true }));
  } catch {
    return undefined;
  }
  for (const token of tokens) {
    if (token.kind === "positional") {
      if (!positionalsAllowed) return `unexpected argument ${JSON.stringify(token.value)}; this command takes no positional arguments`;
      continue;
    }
    if (token.kind !== "option") continue;
    const spec = Object.hasOwn(options, token.name) ? options[token.name] : undefined;
    if (spec === undefined) {
      const near = token.rawName.startsWith("--") ? closestName(token.name, Object.keys(options)) : undefined;
      return `unknown option ${token.rawName}${near === undefined ? "" : `; did you mean --${near}?`}`;
    }
    if (spec.type === "string") {
      if (token.value === undefined) return `${token.rawName} needs a value`;
      if (!token.inlineValue && token.value.startsWith("-")) {
        const written = token.rawName.startsWith("--") ? `${token.rawName}=${token.value}` : `${token.rawName}${token.value}`;
        return `${token.rawName} needs a value, got ${JSON.stringify(token.value)}; write ${written} if that is the value`;
      }
    } else if (token.value !== undefined) {
      return `${token.rawName} takes no value, got ${JSON.stringify(token.value)}`;
    }
  }
  return undefined;
}

/** parseArgs's own message, lowercased, on one line, without its hint on `--` (only for a case not foreseen above). */
function fallbackMessage(error: Error): string {
  const message = error.message.replace(/\.?\s*To specify.*$/s, "").replace(/\s*\n\s*/g, " ");
  return message.charAt(0).toLowerCase() + message.slice(1);
}
