import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { describe, it } from "node:test";
import { Code, RpcError } from "@polyrpc/grpc";
import { reportError, runCommand, statusText } from "./cli.js";
import { run } from "./testdata/run-command.js";
import { startSeedServer } from "./testdata/seed-server.js";
import { UserError } from "@polyrpc/cli-kit";

describe("runCommand", () => {
  it("rejects a command it does not run", async () => {
    assert.deepEqual(await run("gen", []), {
      code: 1,
      stdout: "",
      stderr: 'polyrpc: unknown command "gen"; @polyrpc/client runs call, list, describe, demo and interop\n',
    });
  });

  it("rejects an unknown option of each command with polyrpc: <command>: unknown option and exit 1", async () => {
    for (const command of ["call", "list", "describe", "demo"]) {
      assert.deepEqual(await run(command, ["--bogus"]), {
        code: 1,
        stdout: "",
        stderr: `polyrpc: ${command}: unknown option --bogus (see polyrpc ${command} --help)\n`,
      });
    }
  });

  it("says it waits for stdin when stdin is a terminal", async () => {
    let stderr = "";
    let stdout = "";
    const seed = await startSeedServer();
    try {
      const code = await runCommand("call", [seed.target, "Greeter/SayHello"], ".", {
        stdout: (t) => void (stdout += t),
        stderr: (t) => void (stderr += t),
        stdin: ['{"name": "tty"}'],
        stdinIsTTY: true,
      });
      assert.equal(code, 0);
    } finally {
      await seed.close();
    }
    assert.equal(stderr, "polyrpc: reading the request JSON from stdin; end it with Ctrl-D\n");
    assert.equal(stdout, '{\n  "message": "Hello, tty"\n}\n');
  });
});

describe("runCommand on the process's stdout", () => {
  it("ends quietly with 0 when the reader closes the pipe early", async () => {
    const seed = await startSeedServer();
    try {
      const main = fileURLToPath(new URL("testdata/cli-main.ts", import.meta.url));
      // 1 KiB chunks of a 60 KiB PNG: about 90 KiB of JSON, more than a pipe holds.
      const argv = ["call", seed.target, "idc.IndicatorGraph/GetMACDGraph", '{"chunkSize": 1024}'];
      const child = spawn(process.execPath, ["--import", "tsx", main, ...argv], { stdio: ["ignore", "pipe", "pipe"] });
      let stderr = "";
      child.stderr.on("data", (chunk: Buffer) => void (stderr += chunk.toString()));
      const [first] = (await once(child.stdout, "data")) as [Buffer];
      assert.ok(first.toString().startsWith("{\n"));
      child.stdout.destroy();
      const [code] = (await once(child, "exit")) as [number];
      assert.deepEqual({ code, stderr }, { code: 0, stderr: "" });
    } finally {
      await seed.close();
    }
  });
});

describe("reportError", () => {
  const capture = (e: unknown) => {
    let stderr = "";
    const code = reportError(e, { stderr: (t) => void (stderr += t) });
    return { code, stderr };
  };

  it("prints a user error without a stack and gives 1", () => {
    assert.deepEqual(capture(new UserError("call: bad")), { code: 1, stderr: "polyrpc: call: bad\n" });
  });

  it("prints a failed call as its code name and message and gives 1", () => {
    assert.deepEqual(capture(new RpcError(Code.NOT_FOUND, "no such thing")), { code: 1, stderr: "polyrpc: NOT_FOUND: no such thing\n" });
  });

  it("prints anything else with its stack, as a bug, and gives 2", () => {
    const { code, stderr } = capture(new TypeError("x is undefined"));
    assert.equal(code, 2);
    assert.match(stderr, /^polyrpc: internal error, please report it at https:\/\/github\.com\/polyrpc\/polyrpc\/issues\nTypeError: x is undefined\n\s+at /);
  });
});

describe("statusText", () => {
  it("gives the code name alone for an empty message, and drops grpc-js's empty resolution note", () => {
    assert.equal(statusText(new RpcError(Code.CANCELLED, "")), "CANCELLED");
    assert.equal(
      statusText(new RpcError(Code.UNAVAILABLE, "No connection established. Last error: boom. Resolution note: ")),
      "UNAVAILABLE: No connection established. Last error: boom.",
    );
    assert.equal(statusText(new RpcError(99 as Code, "odd")), "code 99: odd");
  });
});
