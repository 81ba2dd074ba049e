#!/usr/bin/env node
import { runGrpcJsPluginOnStdio } from "../dist/classic/grpc-js-plugin.js";
runGrpcJsPluginOnStdio().catch((e) => {
  process.stderr.write(`protoc-gen-grpc-js-classic: ${e?.stack ?? e}\n`);
  process.exitCode = 1;
});
