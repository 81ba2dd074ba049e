import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { bearerTokenAuth, createServer, type PolyServer } from "@polyrpc/grpc";
import { createSeedServices } from "@polyrpc/server";
import { makeTestCertificates, type TestCertificates } from "@polyrpc/devkit";
import { run } from "../testdata/run-command.js";
import { isLoopbackTarget, transportConfig } from "./transport-security.js";

describe("polyrpc call transport security", () => {
  it("treats 127.x, ::1, localhost and unix sockets as loopback, and nothing else", () => {
    for (const t of ["127.0.0.1:50051", "127.1.2.3:1", "localhost:50051", "[::1]:50051", "dns:///localhost:443", "ipv4:127.0.0.1:5", "unix:/tmp/s"]) {
      assert.equal(isLoopbackTarget(t), true, t);
    }
    for (const t of ["example.com:443", "10.0.0.1:50051", "dns:///api.example.com", "[2001:db8::1]:443", "localhost.example.com:1", "0.0.0.0:50051"]) {
      assert.equal(isLoopbackTarget(t), false, t);
    }
  });

  it("uses TLS with the public roots for other targets, and plaintext only when asked", () => {
    assert.deepEqual(transportConfig("example.com:443", {}), { tls: {} });
    assert.deepEqual(transportConfig("example.com:443", { plaintext: true }), {});
    assert.deepEqual(transportConfig("127.0.0.1:50051", {}), {});
    assert.deepEqual(transportConfig("127.0.0.1:50051", { tls: true }), { tls: {} });
    assert.deepEqual(transportConfig("127.0.0.1:50051", { insecure: true }), { tls: { skipServerVerification: true } });
  });

  describe("against a server with mutual TLS and a bearer token", () => {
    let certs: TestCertificates;
    let server: PolyServer;
    let target = "";
    const token = "call-test-token-9d1";
    before(async () => {
      certs = makeTestCertificates(mkdtempSync(join(tmpdir(), "polyrpc-call-tls-")));
      server = createServer({
        services: await createSeedServices({ log: () => {} }),
        tls: { cert: certs.serverCert, key: certs.serverKey, ca: certs.ca },
        auth: { check: bearerTokenAuth([token]) },
        logger: { error() {} },
      });
      target = `127.0.0.1:${(await server.listen(0)).port}`;
    });
    after(async () => {
      await server.shutdown(0);
      rmSync(certs.dir, { recursive: true, force: true });
    });

    const mtls = () => ["--ca", certs.ca, "--cert", certs.clientCert, "--key", certs.clientKey];

    it("calls with --ca, --cert, --key and -H authorization", async () => {
      const r = await run("call", [target, "Greeter/SayHello", '{"name":"tls"}', ...mtls(), "-H", `authorization: Bearer ${token}`]);
      assert.deepEqual(r, { code: 0, stdout: '{\n  "message": "Hello, tls"\n}\n', stderr: "" });
    });

    it("reports UNAUTHENTICATED without the header", async () => {
      const r = await run("call", [target, "Greeter/SayHello", "{}", ...mtls()]);
      assert.deepEqual(r, { code: 1, stdout: "", stderr: "polyrpc: UNAUTHENTICATED: missing bearer token: send the header authorization: Bearer <token>\n" });
    });

    it("is refused with UNAVAILABLE without a client certificate, and over the loopback plaintext default", async () => {
      for (const flags of [["--ca", certs.ca], []]) {
        const r = await run("call", [target, "Greeter/SayHello", "{}", "-H", `authorization: Bearer ${token}`, "--timeout", "5000", ...flags]);
        assert.equal(r.code, 1);
        assert.match(r.stderr, /^polyrpc: UNAVAILABLE: /, flags.join(" "));
      }
    });

    it("is refused when it trusts another CA, with the certificate problem in the message", async () => {
      const r = await run("call", [
        target,
        "Greeter/SayHello",
        "{}",
        "--ca",
        certs.otherCa,
        "--cert",
        certs.clientCert,
        "--key",
        certs.clientKey,
        "--timeout",
        "5000",
      ]);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /^polyrpc: UNAVAILABLE: .*certificate/);
    });

    it("names half-given, contradictory and unreadable TLS flags", async () => {
      const cases: [string[], string][] = [
        [["--key", certs.clientKey], "polyrpc: call: --key given without --cert\n"],
        [["--cert", certs.clientCert], "polyrpc: call: --cert given without --key\n"],
        [["--plaintext", "--ca", certs.ca], "polyrpc: call: --plaintext cannot be combined with --ca\n"],
        [
          ["--ca", "/nonexistent/ca.pem"],
          "polyrpc: call: --ca /nonexistent/ca.pem: cannot read it: ENOENT: no such file or directory, open '/nonexistent/ca.pem'\n",
        ],
        [["--ca", join(certs.dir, "server.ext")], `polyrpc: call: --ca ${join(certs.dir, "server.ext")}: not a PEM file (no -----BEGIN line)\n`],
      ];
      for (const [flags, stderr] of cases) assert.deepEqual(await run("call", [target, "Greeter/SayHello", "{}", ...flags]), { code: 1, stdout: "", stderr });
    });
  });
});
