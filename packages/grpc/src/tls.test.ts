import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { Greeter } from "@polyrpc/stubs";
import { status } from "@grpc/grpc-js";
import { makeTestCertificates, type TestCertificates } from "@polyrpc/devkit";
import { createChannel, createClient } from "./create-client.js";
import { createServer, type PolyServer } from "./create-server.js";
import type { RpcError } from "./rpc-error.js";
import { service } from "./service-impl.js";
import { createClientTlsCredentials, createServerTlsCredentials, readPem } from "./tls.js";

const greeter = service(Greeter, { sayHello: (req) => ({ message: `Hello, ${req.name}` }) });

/** Calls SayHello over a fresh channel, closed afterwards; resolves to the message or the RpcError. */
async function hello(target: string, config: Parameters<typeof createChannel>[1]): Promise<string | RpcError> {
  const channel = createChannel(target, config);
  try {
    return (await createClient(Greeter, channel).sayHello({ name: "tls" }, { timeoutMs: 10_000 })).message;
  } catch (e) {
    return e as RpcError;
  } finally {
    channel.close();
  }
}

describe("tls", () => {
  let certs: TestCertificates;
  const servers: PolyServer[] = [];
  let tlsTarget = "";
  let mtlsTarget = "";
  before(async () => {
    certs = makeTestCertificates(mkdtempSync(join(tmpdir(), "polyrpc-tls-")));
    const tls = createServer({ services: [greeter], tls: { cert: certs.serverCert, key: certs.serverKey } });
    const mtls = createServer({ services: [greeter], tls: { cert: certs.serverCert, key: certs.serverKey, ca: certs.ca } });
    servers.push(tls, mtls);
    tlsTarget = `127.0.0.1:${(await tls.listen(0)).port}`;
    mtlsTarget = `127.0.0.1:${(await mtls.listen(0)).port}`;
  });
  after(async () => {
    await Promise.all(servers.map((s) => s.shutdown(0)));
    rmSync(certs.dir, { recursive: true, force: true });
  });

  it("serves a client that trusts the server's CA", async () => {
    assert.equal(await hello(tlsTarget, { tls: { ca: certs.ca } }), "Hello, tls");
  });

  it("refuses a client that trusts another CA, with UNAVAILABLE and the handshake's reason", async () => {
    const error = await hello(tlsTarget, { tls: { ca: certs.otherCa } });
    assert.equal(typeof error, "object");
    assert.equal((error as RpcError).code, status.UNAVAILABLE);
    assert.match((error as RpcError).message, /unable to verify the first certificate/);
  });

  it("refuses a plaintext client", async () => {
    const error = (await hello(tlsTarget, {})) as RpcError;
    assert.equal(error.code, status.UNAVAILABLE);
  });

  it("serves a client with a certificate signed by the CA when mutual TLS is on", async () => {
    assert.equal(await hello(mtlsTarget, { tls: { ca: certs.ca, cert: certs.clientCert, key: certs.clientKey } }), "Hello, tls");
  });

  it("refuses a client without a certificate when mutual TLS is on", async () => {
    const error = (await hello(mtlsTarget, { tls: { ca: certs.ca } })) as RpcError;
    assert.equal(error.code, status.UNAVAILABLE);
    assert.match(error.message, /certificate required/);
  });

  it("connects without verifying the server when asked to (grpcurl's -insecure)", async () => {
    assert.equal(await hello(tlsTarget, { tls: { ca: certs.otherCa, skipServerVerification: true } }), "Hello, tls");
  });

  it("takes PEM text as well as paths", async () => {
    const pem = readPem(certs.ca, "ca").toString();
    assert.equal(await hello(tlsTarget, { tls: { ca: pem } }), "Hello, tls");
  });

  it("names a half-given key pair, an unreadable file and a file that is not PEM", () => {
    assert.throws(() => createClientTlsCredentials({ key: certs.clientKey }), { message: "tls: key given without cert" });
    assert.throws(() => createClientTlsCredentials({ cert: certs.clientCert }), { message: "tls: cert given without key" });
    assert.throws(() => createClientTlsCredentials({ ca: "/nonexistent/ca.pem" }), /^Error: cannot read tls ca \/nonexistent\/ca\.pem: ENOENT/);
    assert.throws(() => createServerTlsCredentials({ cert: certs.serverCert, key: join(certs.dir, "server.ext") }), {
      message: `tls key ${join(certs.dir, "server.ext")} is not PEM (no -----BEGIN line)`,
    });
    assert.throws(() => createServerTlsCredentials({ cert: certs.serverCert, key: certs.serverKey, requireClientCert: true }), {
      message: "tls: requireClientCert needs a ca to check client certificates against",
    });
  });
});
