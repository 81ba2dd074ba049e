import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { integerOption, parseCommandArgs } from "./parse-command-args.js";
import { UserError } from "@polyrpc/cli-kit";

const options = {
  timeout: { type: "string" },
  verbose: { type: "boolean", short: "v" },
} as const;

/** The message of the user error `parseCommandArgs` throws for `argv`. */
function errorOf(argv: string[]): string {
  try {
    parseCommandArgs("call", argv, options);
  } catch (e) {
    assert.ok(e instanceof UserError, String(e));
    return e.message;
  }
  throw new Error(`${argv.join(" ")} parsed`);
}

describe("parseCommandArgs", () => {
  it("returns the options and the positionals", () => {
    const args = parseCommandArgs("call", ["host:1", "--timeout", "50", "-v", "Greeter/SayHello"], options);
    assert.deepEqual({ ...args.values }, { timeout: "50", verbose: true });
    assert.deepEqual(args.positionals, ["host:1", "Greeter/SayHello"]);
  });

  it("words parseArgs's errors like the CLI's others: lowercase, one line, the command and its help", () => {
    assert.equal(errorOf(["--verbos"]), "call: unknown option --verbos; did you mean --verbose? (see polyrpc call --help)");
    assert.equal(errorOf(["--bogus"]), "call: unknown option --bogus (see polyrpc call --help)");
    assert.equal(errorOf(["-x"]), "call: unknown option -x (see polyrpc call --help)");
    assert.equal(errorOf(["--timeout"]), "call: --timeout needs a value (see polyrpc call --help)");
    assert.equal(errorOf(["--verbose=yes"]), 'call: --verbose takes no value, got "yes" (see polyrpc call --help)');
    // A value that looks like an option: say how to pass it if it is one.
    assert.equal(errorOf(["--timeout", "-v"]), 'call: --timeout needs a value, got "-v"; write --timeout=-v if that is the value (see polyrpc call --help)');
  });
});

describe("integerOption", () => {
  it("reads digits, and names the option, the unit and the value otherwise", () => {
    const args = parseCommandArgs("call", ["--timeout", "250"], options);
    assert.equal(integerOption("call", args, "timeout", "milliseconds", 10_000), 250);
    assert.equal(integerOption("call", parseCommandArgs("call", [], options), "timeout", "milliseconds", 10_000), 10_000);
    assert.throws(() => integerOption("call", parseCommandArgs("call", ["--timeout", "1e3"], options), "timeout", "milliseconds", 0), {
      message: 'call: --timeout takes a whole number of milliseconds, got "1e3"',
    });
    assert.throws(() => integerOption("call", parseCommandArgs("call", ["--timeout", "0"], options), "timeout", "milliseconds", 5, 1), {
      message: 'call: --timeout takes a whole number of milliseconds (at least 1), got "0"',
    });
  });
});
