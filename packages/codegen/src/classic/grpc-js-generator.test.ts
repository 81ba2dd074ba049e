import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { CodeGeneratorRequestSchema, CodeGeneratorResponseSchema } from "@bufbuild/protobuf/wkt";
import { compileProtos } from "../compile-protos.js";
import { generateGrpcJs, parseGrpcJsParameter } from "./grpc-js-generator.js";
import { runGrpcJsPlugin } from "./grpc-js-plugin.js";
import { repoPython } from "../testdata/run-cli.js";

const grpcNode = join(import.meta.dirname, "testdata", "grpc-node");

describe("generateGrpcJs", () => {
  it("writes grpc-node's committed route_guide_grpc_pb.js byte for byte, comments and all", async () => {
    const compiled = await compileProtos(grpcNode, grpcNode);
    try {
      const file = compiled.image.file.find((f) => f.name === "route_guide.proto")!;
      const expected = readFileSync(join(grpcNode, "route_guide_grpc_pb.js"), "utf8");
      // The example was generated before grpc_node_plugin passed the service name to
      // makeGenericClientConstructor (node_generator.cc prints it now); that line is the only difference.
      const current = expected.replace(
        "grpc.makeGenericClientConstructor(RouteGuideService);",
        "grpc.makeGenericClientConstructor(RouteGuideService, 'RouteGuide');",
      );
      assert.notEqual(current, expected, "the example still has the one-argument call");
      assert.equal(generateGrpcJs(file, compiled.image.file), current);
    } finally {
      await compiled.dispose();
    }
  });

  it("honours omit_serialize_instanceof and generate_package_definition, as grpc_node_plugin does", async () => {
    const compiled = await compileProtos(grpcNode, grpcNode);
    try {
      const file = compiled.image.file.find((f) => f.name === "route_guide.proto")!;
      const omitted = generateGrpcJs(file, compiled.image.file, parseGrpcJsParameter("grpc_js,omit_serialize_instanceof"));
      assert.doesNotMatch(omitted, /instanceof/);
      assert.match(omitted, /function serialize_routeguide_Point\(arg\) {\n  return Buffer\.from\(arg\.serializeBinary\(\)\);\n}/);
      const definition = generateGrpcJs(file, compiled.image.file, parseGrpcJsParameter("generate_package_definition"));
      assert.match(definition, /^var RouteGuideService = exports\['routeguide\.RouteGuide'\] = {$/m);
      assert.doesNotMatch(definition, /require\('@grpc\/grpc-js'\)|makeGenericClientConstructor/);
      const legacy = generateGrpcJs(file, compiled.image.file, parseGrpcJsParameter(""));
      assert.match(legacy, /^var grpc = require\('grpc'\);$/m);
    } finally {
      await compiled.dispose();
    }
  });
});

describe("runGrpcJsPlugin", () => {
  it("answers a CodeGeneratorRequest with one _grpc_pb.js per file, and reports an unknown option as protoc's error", async () => {
    const compiled = await compileProtos(grpcNode, grpcNode);
    try {
      const request = (parameter: string) =>
        toBinary(
          CodeGeneratorRequestSchema,
          create(CodeGeneratorRequestSchema, { fileToGenerate: ["route_guide.proto"], parameter, protoFile: compiled.image.file }),
        );
      const ok = fromBinary(CodeGeneratorResponseSchema, runGrpcJsPlugin(request("grpc_js")));
      assert.equal(ok.error ?? "", "");
      assert.deepEqual(
        ok.file.map((f) => f.name),
        ["route_guide_grpc_pb.js"],
      );
      assert.match(ok.file[0]!.content!, /^exports\.RouteGuideClient = grpc\.makeGenericClientConstructor\(RouteGuideService, 'RouteGuide'\);$/m);
      const bad = fromBinary(CodeGeneratorResponseSchema, runGrpcJsPlugin(request("grpc_js,minify")));
      assert.equal(bad.error, 'unknown option "minify"; options are grpc_js, omit_serialize_instanceof, generate_package_definition');
      assert.deepEqual(bad.file, []);
    } finally {
      await compiled.dispose();
    }
  });
});

describe("protoc-gen-grpc-js-classic", () => {
  it("runs as a protoc plugin, straight from protoc with -I, and writes grpc-node's file; an unknown option fails protoc", () => {
    const out = mkdtempSync(join(tmpdir(), "polyrpc-plugin-"));
    try {
      const protoc = join(repoPython, "..", "protoc");
      const plugin = join(import.meta.dirname, "..", "..", "bin", "protoc-gen-grpc-js-classic.js");
      const run = (options: string) =>
        spawnSync(protoc, ["-I", grpcNode, `--plugin=protoc-gen-grpc=${plugin}`, `--grpc_out=${options}:${out}`, "route_guide.proto"], { encoding: "utf8" });
      const ok = run("grpc_js");
      assert.equal(ok.status, 0, ok.stderr);
      const expected = readFileSync(join(grpcNode, "route_guide_grpc_pb.js"), "utf8").replace(
        "grpc.makeGenericClientConstructor(RouteGuideService);",
        "grpc.makeGenericClientConstructor(RouteGuideService, 'RouteGuide');",
      );
      assert.equal(readFileSync(join(out, "route_guide_grpc_pb.js"), "utf8"), expected);
      const bad = run("grpc_js,bogus");
      assert.equal(bad.status, 1);
      assert.equal(bad.stderr.trim(), '--grpc_out: unknown option "bogus"; options are grpc_js, omit_serialize_instanceof, generate_package_definition');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
