// Makes throwaway certificates for the TLS tests, at test time, so nothing secret is committed: a CA, a
// server certificate for localhost and 127.0.0.1 signed by it, a client certificate signed by it, and a
// second, unrelated CA (the "wrong CA" a client must be refused with). Uses the openssl command line.
//
//   node scripts/test-certs.mjs DIR     (for the Python tests: writes the files and prints DIR as JSON paths)
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const openssl = process.env.POLYRPC_OPENSSL ?? "openssl";
// EC P-256 keys: fast to make (RSA-2048 takes most of a second on a loaded machine) and accepted by both
// Node's TLS and grpcio's BoringSSL.
const keyArgs = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];

function run(args, cwd) {
  execFileSync(openssl, args, { cwd, stdio: ["ignore", "ignore", "pipe"], timeout: 30_000 });
}

function makeCa(dir, name) {
  run(["req", "-x509", ...keyArgs, "-keyout", `${name}.key`, "-out", `${name}.crt`, "-days", "2", "-subj", `/CN=polyrpc test ${name}`], dir);
}

function makeLeaf(dir, name, ca, extensions) {
  writeFileSync(join(dir, `${name}.ext`), extensions);
  run(["req", "-new", ...keyArgs, "-keyout", `${name}.key`, "-out", `${name}.csr`, "-subj", `/CN=polyrpc test ${name}`], dir);
  run(["x509", "-req", "-in", `${name}.csr`, "-CA", `${ca}.crt`, "-CAkey", `${ca}.key`, "-CAcreateserial", "-out", `${name}.crt`, "-days", "2", "-extfile", `${name}.ext`], dir);
}

/**
 * Writes ca, server, client (each .crt and .key) and other-ca (.crt, .key) PEM files into `dir`.
 * @param {string} dir an existing, empty folder
 * @returns {{ dir: string, ca: string, serverCert: string, serverKey: string, clientCert: string, clientKey: string, otherCa: string }} the paths
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

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const dir = process.argv[2];
  if (dir === undefined) {
    process.stderr.write("usage: node scripts/test-certs.mjs DIR\n");
    process.exit(1);
  }
  process.stdout.write(`${JSON.stringify(makeTestCertificates(dir))}\n`);
}
