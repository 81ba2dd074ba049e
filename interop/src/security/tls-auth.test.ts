// TLS, mutual TLS and bearer-token auth across the language boundary: the TypeScript client against the
// Python server (serve_all with the same flags as polyrpc-server). The other direction, the Python client
// against polyrpc-server, is interop/python/tests/test_security.py.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { createChannel, createClient, RpcError, type ChannelConfig } from "@polyrpc/grpc";
import { Greeter } from "@polyrpc/stubs";
import { Metadata, status } from "@grpc/grpc-js";
import { makeTestCertificates, type TestCertificates } from "@polyrpc/devkit";
import { startServerProcess, type ServerProcess } from "../matrix/server-process.js";

const token = "interop-token-5e0b";

/** SayHello over a fresh channel: the reply's message, or `CODE: message`. */
async function hello(target: string, config: ChannelConfig, metadata?: Record<string, string>): Promise<string> {
  const channel = createChannel(target, config);
  try {
    return (await createClient(Greeter, channel).sayHello({ name: "py" }, { timeoutMs: 10_000, metadata })).message;
  } catch (e) {
    const error = RpcError.from(e);
    return `${status[error.code]}: ${error.message}`;
  } finally {
    channel.close();
  }
}

/** grpc.health.v1.Health/Check for the whole server over a fresh channel: the status byte, or the error code name. */
async function health(target: string, config: ChannelConfig): Promise<string> {
  const channel = createChannel(target, config);
  try {
    return await new Promise((resolve) => {
      channel.makeUnaryRequest(
        "/grpc.health.v1.Health/Check",
        (b: Buffer) => b,
        (b: Buffer) => b,
        Buffer.alloc(0),
        new Metadata(),
        { deadline: Date.now() + 10_000 },
        (error, response) => resolve(error !== null ? status[error.code]! : response!.toString("hex")),
      );
    });
  } finally {
    channel.close();
  }
}

describe("TypeScript client -> Python server: TLS, mutual TLS and auth", () => {
  let certs: TestCertificates;
  let tlsServer: ServerProcess;
  let mtlsServer: ServerProcess;
  before(async () => {
    certs = makeTestCertificates(mkdtempSync(join(tmpdir(), "polyrpc-interop-tls-")));
    const tokens = join(certs.dir, "tokens");
    writeFileSync(tokens, `# accepted tokens\n${token}\n`);
    [tlsServer, mtlsServer] = await Promise.all([
      startServerProcess("py", ["--tls-cert", certs.serverCert, "--tls-key", certs.serverKey, "--auth-token-file", tokens]),
      startServerProcess("py", ["--tls-cert", certs.serverCert, "--tls-key", certs.serverKey, "--tls-ca", certs.ca]),
    ]);
  });
  after(async () => {
    await Promise.all([tlsServer?.stop(), mtlsServer?.stop()]);
    rmSync(certs.dir, { recursive: true, force: true });
  });

  it("calls over TLS with the server's CA and a good token", async () => {
    assert.equal(await hello(tlsServer.target, { tls: { ca: certs.ca }, token }), "Hello, py");
  });

  it("is refused with UNAVAILABLE and the handshake's reason when it trusts another CA", async () => {
    assert.match(
      await hello(tlsServer.target, { tls: { ca: certs.otherCa }, token }),
      /^UNAVAILABLE: .*(unable to verify the first certificate|self-signed certificate in certificate chain)/,
    );
  });

  it("gets UNAUTHENTICATED with the same messages as from the TypeScript server", async () => {
    const tls = { ca: certs.ca };
    assert.equal(await hello(tlsServer.target, { tls }), "UNAUTHENTICATED: missing bearer token: send the header authorization: Bearer <token>");
    assert.equal(await hello(tlsServer.target, { tls, token: "wrong" }), "UNAUTHENTICATED: invalid bearer token");
    assert.equal(
      await hello(tlsServer.target, { tls }, { authorization: `Basic ${token}` }),
      "UNAUTHENTICATED: malformed authorization header: expected Bearer <token>",
    );
  });

  it("reaches health checking without a token", async () => {
    assert.equal(await health(tlsServer.target, { tls: { ca: certs.ca } }), "0801");
  });

  it("calls with a client certificate when the server requires one", async () => {
    assert.equal(await hello(mtlsServer.target, { tls: { ca: certs.ca, cert: certs.clientCert, key: certs.clientKey } }), "Hello, py");
  });

  it("is refused with UNAVAILABLE without a client certificate", async () => {
    assert.match(await hello(mtlsServer.target, { tls: { ca: certs.ca } }), /^UNAVAILABLE: /);
  });
});
