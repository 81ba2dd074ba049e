// Makes throwaway certificates for the TLS tests, at test time, so nothing secret is committed: a CA, a
// server certificate for localhost and 127.0.0.1 signed by it, a client certificate signed by it, and a
// second, unrelated CA (the "wrong CA" a client must be refused with). Uses the openssl command line.
//
//   node tools/devkit/bin/test-certs.mjs DIR     (for the Python tests: writes the files, prints their paths as JSON)
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";

const openssl = process.env.POLYRPC_OPENSSL ?? "openssl";
// EC P-256 keys: fast to make (RSA-2048 takes most of a second on a loaded machine) and accepted by both
// Node's TLS and grpcio's BoringSSL.
const keyArgs = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];

/**
 * @param {string[]} args
 * @param {string} cwd
 */
function run(args, cwd) {
  execFileSync(openssl, args, { cwd, stdio: ["ignore", "ignore", "pipe"], timeout: 30_000 });
}

/**
 * @param {string} dir
 * @param {string} name
 */
function makeCa(dir, name) {
  run(["req", "-x509", ...keyArgs, "-keyout", `${name}.key`, "-out", `${name}.crt`, "-days", "2", "-subj", `/CN=polyrpc test ${name}`], dir);
}

/**
 * @param {string} dir
 * @param {string} name
 * @param {string} ca the signing CA's name
 * @param {string} extensions the openssl extension file's text
 */
function makeLeaf(dir, name, ca, extensions) {
  writeFileSync(join(dir, `${name}.ext`), extensions);
  run(["req", "-new", ...keyArgs, "-keyout", `${name}.key`, "-out", `${name}.csr`, "-subj", `/CN=polyrpc test ${name}`], dir);
  run(
    [
      "x509",
      "-req",
      "-in",
      `${name}.csr`,
      "-CA",
      `${ca}.crt`,
      "-CAkey",
      `${ca}.key`,
      "-CAcreateserial",
      "-out",
      `${name}.crt`,
      "-days",
      "2",
      "-extfile",
      `${name}.ext`,
    ],
    dir,
  );
}

/**
 * Paths of the PEM files {@link makeTestCertificates} wrote.
 * @typedef {object} TestCertificates
 * @property {string} dir
 * @property {string} ca the CA that signed the server and client certificates
 * @property {string} serverCert for localhost and 127.0.0.1
 * @property {string} serverKey
 * @property {string} clientCert
 * @property {string} clientKey
 * @property {string} otherCa an unrelated CA: a client that trusts only it must be refused
 */

/**
 * Writes ca, server, client (each .crt and .key) and other-ca (.crt, .key) PEM files into `dir`.
 * @param {string} dir an existing, empty folder
 * @returns {TestCertificates} the paths
 */
export function makeTestCertificates(dir) {
  makeCa(dir, "ca");
  makeCa(dir, "other-ca");
  makeLeaf(dir, "server", "ca", "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
  makeLeaf(dir, "client", "ca", "extendedKeyUsage=clientAuth\n");
  return {
    dir,
    ca: join(dir, "ca.crt"),
    serverCert: join(dir, "server.crt"),
    serverKey: join(dir, "server.key"),
    clientCert: join(dir, "client.crt"),
    clientKey: join(dir, "client.key"),
    otherCa: join(dir, "other-ca.crt"),
  };
}
