import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { issuesUrl, reportError } from "./report-error.js";
import { UserError } from "./user-error.js";

function capture(error: unknown, prog = "polyrpc"): { code: number; stderr: string } {
  let stderr = "";
  const code = reportError(error, { prog, stderr: (text) => void (stderr += text) });
  return { code, stderr };
}

describe("reportError", () => {
  it("prints a user error as <prog>: <message> without a stack and gives 1", () => {
    assert.deepEqual(capture(new UserError("--port http: not a port number (0-65535)"), "polyrpc-server"), {
      code: 1,
      stderr: "polyrpc-server: --port http: not a port number (0-65535)\n",
    });
  });

  it("prints any other error as a bug: the report line, then the stack, and gives 2", () => {
    const bug = new TypeError("cannot read properties of undefined");
    const { code, stderr } = capture(bug, "polyrpc-web");
    assert.equal(code, 2);
    assert.equal(stderr, `polyrpc-web: internal error, please report it at ${issuesUrl}\n${bug.stack}\n`);
    assert.match(stderr.split("\n")[1]!, /^TypeError: cannot read properties of undefined$/);
    assert.match(stderr, /\n    at .*report-error\.test\.ts:\d+:\d+/);
  });

  it("prints a thrown non-error as a bug too", () => {
    assert.deepEqual(capture("boom"), { code: 2, stderr: `polyrpc: internal error, please report it at ${issuesUrl}\nboom\n` });
  });

  it("names the repository's issue tracker", () => {
    assert.equal(issuesUrl, "https://github.com/polyrpc/polyrpc/issues");
  });
});
