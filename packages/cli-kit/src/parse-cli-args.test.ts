import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ParseArgsConfig } from "node:util";
import { parseCliArgs } from "./parse-cli-args.js";
import { UserError } from "./user-error.js";

const options = {
  port: { type: "string" },
  host: { type: "string", short: "H" },
  header: { type: "string", multiple: true },
  plaintext: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const satisfies ParseArgsConfig["options"];

/** The message parseCliArgs throws for `args`, or a failure if it does not throw a UserError. */
function message(args: string[], allowPositionals = false, context = {}): string {
  try {
    parseCliArgs({ args, options, allowPositionals }, context);
  } catch (e) {
    assert.ok(e instanceof UserError, String(e));
    return e.message;
  }
  assert.fail(`no error for ${args.join(" ")}`);
}

describe("parseCliArgs", () => {
  it("returns parseArgs's typed values and positionals", () => {
    const { values, positionals } = parseCliArgs({
      args: ["--port=1", "-H", "::1", "--header", "a: b", "--header", "c: d", "x"],
      options,
      allowPositionals: true,
    });
    assert.deepEqual({ ...values }, { port: "1", host: "::1", header: ["a: b", "c: d"] });
    assert.deepEqual(positionals, ["x"]);
  });

  it("names an unknown option, without parseArgs's hint on --", () => {
    assert.equal(message(["--bogus"]), "unknown option --bogus");
    assert.equal(message(["--bogus=1"]), "unknown option --bogus");
    assert.equal(message(["-x"]), "unknown option -x");
    assert.equal(message(["--bogus"], true), "unknown option --bogus");
  });

  it("suggests the long option an unknown one is a typo of", () => {
    assert.equal(message(["--prot", "1"]), "unknown option --prot; did you mean --port?");
    assert.equal(message(["--heder", "a: b"]), "unknown option --heder; did you mean --header?");
    assert.equal(message(["--plaintxt"]), "unknown option --plaintxt; did you mean --plaintext?");
  });

  it("says a string option needs a value", () => {
    assert.equal(message(["--port"]), "--port needs a value");
    assert.equal(message(["-H"]), "-H needs a value");
  });

  it("says how to pass a value that starts with a dash", () => {
    assert.equal(message(["--port", "--host"]), '--port needs a value, got "--host"; write --port=--host if that is the value');
    assert.equal(message(["-H", "-1"]), '-H needs a value, got "-1"; write -H-1 if that is the value');
  });

  it("says a boolean option takes no value", () => {
    assert.equal(message(["--plaintext=yes"]), '--plaintext takes no value, got "yes"');
  });

  it("names an unexpected positional argument", () => {
    assert.equal(message(["127.0.0.1:1"]), 'unexpected argument "127.0.0.1:1"; this command takes no positional arguments');
  });

  it("puts the command before the problem and the help after it", () => {
    assert.equal(message(["--bogus"], true, { command: "call", help: "polyrpc call --help" }), "call: unknown option --bogus (see polyrpc call --help)");
  });

  it("rethrows an invalid config as the bug it is", () => {
    assert.throws(
      () => parseCliArgs({ args: [], options: { port: { type: "number" as "string" } } }),
      (e: unknown) => !(e instanceof UserError) && (e as NodeJS.ErrnoException).code === "ERR_INVALID_ARG_TYPE",
    );
  });
});
