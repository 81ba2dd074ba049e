/**
 * Where a command reads and writes. `runCommand` uses the process's streams unless told otherwise; tests
 * pass their own, so they capture output without patching `process.stdout`.
 */
export interface CommandIo {
  /** Writes text to standard output as is (no newline is added). */
  stdout(text: string): void;
  /** Writes text to standard error as is. */
  stderr(text: string): void;
  /** Standard input, read to its end only by `polyrpc call` when the request comes from stdin. */
  stdin: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>;
  /** True when stdin is a terminal, so `call` says it is waiting for input. Default: process.stdin.isTTY. */
  stdinIsTTY?: boolean;
}

/**
 * The process's streams, with `io`'s members taking precedence. process.stdin is only touched when it is
 * read: opening it keeps a pipe or terminal open that the commands that never read it do not need.
 */
export function withDefaultIo(io: Partial<CommandIo> = {}): CommandIo {
  return {
    stdout: io.stdout ?? writeProcessStdout,
    stderr: io.stderr ?? ((text) => void process.stderr.write(text)),
    stdin: io.stdin ?? { [Symbol.asyncIterator]: () => (process.stdin as AsyncIterable<string | Uint8Array>)[Symbol.asyncIterator]() },
    get stdinIsTTY() {
      return io.stdin !== undefined ? io.stdinIsTTY === true : process.stdin.isTTY === true;
    },
  };
}

/** Reads an input stream to its end as UTF-8 text. */
export async function readAllText(input: CommandIo["stdin"]): Promise<string> {
  const decoder = new TextDecoder("utf-8", { fatal: false });
  let text = "";
  for await (const chunk of input) text += typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true });
  return text + decoder.decode();
}

/**
 * Thrown by the default stdout writer once process.stdout has failed, so that the command stops instead
 * of computing output nobody reads. `cause` is the stream's error (EPIPE when the reader went away, as in
 * `polyrpc demo contact | head`).
 */
export class StdoutClosedError extends Error {
  override name = "StdoutClosedError";
}

/** The error process.stdout emitted, if any; a listener for it is installed on first use. */
let stdoutError: NodeJS.ErrnoException | undefined;
let watchingStdout = false;

function writeProcessStdout(text: string): void {
  if (!watchingStdout) {
    watchingStdout = true;
    // Without a listener, EPIPE is an unhandled 'error' event and crashes the process with a stack.
    process.stdout.on("error", (e: NodeJS.ErrnoException) => {
      stdoutError = e;
    });
  }
  if (stdoutError !== undefined) throw new StdoutClosedError(`cannot write to stdout: ${stdoutError.message}`, { cause: stdoutError });
  process.stdout.write(text);
}

/** The error process.stdout failed with, if it did (EPIPE: the reader closed the pipe). */
export function processStdoutError(): NodeJS.ErrnoException | undefined {
  return stdoutError;
}
