#!/usr/bin/env node
// `node tools/devkit/bin/test-certs.mjs DIR`: writes throwaway test certificates into DIR and prints their
// paths as JSON, for the Python tests (the TypeScript tests call makeTestCertificates directly).
import { makeTestCertificates } from "../src/test-certs.mjs";

const dir = process.argv[2];
if (dir === undefined) {
  process.stderr.write("usage: node tools/devkit/bin/test-certs.mjs DIR\n");
  process.exit(1);
}
process.stdout.write(`${JSON.stringify(makeTestCertificates(dir))}\n`);
