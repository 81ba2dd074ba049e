import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { jobJson, pythonJobTls } from "./python-client.js";

describe("jobJson", () => {
  it("keeps the sign of zero that JSON.stringify drops, anywhere in the job", () => {
    const text = jobJson({ requests: [{ d: -0, list: [0, -0, 1.5], nested: { z: -0 } }], timeoutMs: null });
    assert.equal(text, '{"requests":[{"d":-0.0,"list":[0,-0.0,1.5],"nested":{"z":-0.0}}],"timeoutMs":null}');
    const back = JSON.parse(text) as { requests: [{ d: number; list: number[] }] };
    assert.ok(Object.is(back.requests[0].d, -0));
    assert.ok(Object.is(back.requests[0].list[0], 0));
  });

  it("leaves strings that look like the marker's neighbours alone", () => {
    assert.equal(jobJson({ s: "-0", t: "-0.0", n: 0 }), '{"s":"-0","t":"-0.0","n":0}');
  });
});

describe("pythonJobTls", () => {
  const pem = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";

  it("is undefined for plaintext, so the job has no tls key", () => {
    assert.equal(pythonJobTls(undefined), undefined);
  });

  it("carries the PEM text the TypeScript client uses, and null for what is not given", () => {
    assert.deepEqual(pythonJobTls({ ca: Buffer.from(pem) }), { ca: pem, cert: null, key: null, insecure: false });
    assert.deepEqual(pythonJobTls({ ca: pem, cert: pem, key: "-----BEGIN PRIVATE KEY-----\nk\n" }), {
      ca: pem,
      cert: pem,
      key: "-----BEGIN PRIVATE KEY-----\nk\n",
      insecure: false,
    });
    assert.deepEqual(pythonJobTls(true), { ca: null, cert: null, key: null, insecure: false });
    assert.deepEqual(pythonJobTls({ skipServerVerification: true }), { ca: null, cert: null, key: null, insecure: true });
  });

  it("reads a path as the TypeScript client would, and refuses what is not PEM", () => {
    assert.throws(() => pythonJobTls({ ca: "/nonexistent/ca.pem" }), /^Error: cannot read tls ca \/nonexistent\/ca\.pem: ENOENT/);
    assert.throws(() => pythonJobTls({ ca: Buffer.from("junk") }), { message: "tls ca is not PEM (no -----BEGIN line)" });
  });
});
