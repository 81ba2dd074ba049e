#!/usr/bin/env node
// `node tools/devkit/bin/build-wheel.mjs [DIR] [stubs-py|grpc-py]`: builds a Python wheel (see
// src/build-wheel.mjs) and prints its path.
import { buildWheel } from "../src/build-wheel.mjs";

try {
  const packageName = process.argv[3];
  if (packageName !== undefined && packageName !== "stubs-py" && packageName !== "grpc-py") {
    throw new Error(`no Python package ${packageName}; expected one of stubs-py, grpc-py`);
  }
  process.stdout.write(`${buildWheel(process.argv[2] || undefined, packageName)}\n`);
} catch (e) {
  process.stderr.write(`polyrpc: ${/** @type {Error} */ (e).message}\n`);
  process.exit(1);
}
