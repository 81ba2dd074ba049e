import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { runCli } from "./run-cli.js";
import { UserError } from "./user-error.js";

async function capture(run: () => number | Promise<number>): Promise<{ code: number; stderr: string }> {
  let stderr = "";
  const code = await runCli(run, { prog: "polyrpc", stderr: (text) => void (stderr += text) });
  return { code, stderr };
}

describe("runCli", () => {
  it("resolves to the code the command returns, printing nothing", async () => {
    assert.deepEqual(await capture(async () => 3), { code: 3, stderr: "" });
    assert.deepEqual(await capture(() => 0), { code: 0, stderr: "" });
  });

  it("turns a user error, thrown or rejected, into exit 1 and one line", async () => {
    assert.deepEqual(
      await capture(async () => {
        throw new UserError("no proto folder");
      }),
      { code: 1, stderr: "polyrpc: no proto folder\n" },
    );
    assert.deepEqual(
      await capture(() => {
        throw new UserError("sync");
      }),
      { code: 1, stderr: "polyrpc: sync\n" },
    );
  });

  it("turns a bug into exit 2 with the stack and the report line", async () => {
    const { code, stderr } = await capture(async () => {
      throw new RangeError("index 7 out of range");
    });
    assert.equal(code, 2);
    assert.match(
      stderr,
      /^polyrpc: internal error, please report it at https:\/\/github\.com\/polyrpc\/polyrpc\/issues\nRangeError: index 7 out of range\n    at /,
    );
  });
});
