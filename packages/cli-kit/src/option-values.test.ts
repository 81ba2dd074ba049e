import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { portOption, readOptionFile, requirePair } from "./option-values.js";
import { UserError } from "./user-error.js";

const userError = (message: string) => (e: unknown) => e instanceof UserError && e.message === message;

describe("portOption", () => {
  it("accepts 0 to 65535 written in digits", () => {
    assert.equal(portOption("0"), 0);
    assert.equal(portOption("50051"), 50051);
    assert.equal(portOption("65535"), 65535);
  });

  it("rejects anything else, naming the option and the value", () => {
    for (const bad of ["http", "65536", "-1", "1e3", " 80", "", "0x50"]) {
      assert.throws(() => portOption(bad), userError(`--port ${bad}: not a port number (0-65535)`), JSON.stringify(bad));
    }
    assert.throws(() => portOption("x", "--admin-port"), userError("--admin-port x: not a port number (0-65535)"));
  });
});

describe("requirePair", () => {
  it("accepts both or neither", () => {
    requirePair({}, "tls-cert", "tls-key");
    requirePair({ "tls-cert": "c.pem", "tls-key": "k.pem" }, "tls-cert", "tls-key");
  });

  it("names the option that is missing", () => {
    assert.throws(() => requirePair({ "tls-key": "k.pem" }, "tls-cert", "tls-key"), userError("--tls-key given without --tls-cert"));
    assert.throws(() => requirePair({ "tls-cert": "c.pem" }, "tls-cert", "tls-key"), userError("--tls-cert given without --tls-key"));
  });
});

describe("readOptionFile", () => {
  it("reads the file", () => {
    assert.match(readOptionFile("--self", new URL(import.meta.url).pathname).toString("utf8"), /^import assert/);
  });

  it("names the option, the path and the reason when it cannot", () => {
    assert.throws(
      () => readOptionFile("--tls-cert", "/nonexistent/c.pem"),
      userError("--tls-cert /nonexistent/c.pem: cannot read it: ENOENT: no such file or directory, open '/nonexistent/c.pem'"),
    );
  });
});
