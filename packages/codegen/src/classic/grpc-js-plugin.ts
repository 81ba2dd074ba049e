import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import {
  CodeGeneratorRequestSchema,
  CodeGeneratorResponse_Feature,
  CodeGeneratorResponse_FileSchema,
  CodeGeneratorResponseSchema,
  type CodeGeneratorResponse,
} from "@bufbuild/protobuf/wkt";
import { generateGrpcJs, grpcJsFileName, parseGrpcJsParameter } from "./grpc-js-generator.js";

/**
 * The protoc plugin protocol around {@link generateGrpcJs}: takes a serialized CodeGeneratorRequest and
 * returns the serialized CodeGeneratorResponse with one `_grpc_pb.js` per file to generate. Problems (an
 * unknown option, an unresolvable type) are reported in the response's `error`, which protoc prints as
 * `--grpc_out: <error>` and fails on, as it does for grpc_node_plugin.
 */
export function runGrpcJsPlugin(request: Uint8Array): Uint8Array {
  const req = fromBinary(CodeGeneratorRequestSchema, request);
  let response: CodeGeneratorResponse;
  try {
    const options = parseGrpcJsParameter(req.parameter ?? "");
    const byName = new Map(req.protoFile.map((f) => [f.name, f]));
    response = create(CodeGeneratorResponseSchema, {
      // Like grpc_node_plugin: the service code does not depend on field presence, so proto3 `optional` is fine.
      supportedFeatures: BigInt(CodeGeneratorResponse_Feature.PROTO3_OPTIONAL),
      file: req.fileToGenerate.map((name) => {
        const file = byName.get(name);
        if (file === undefined) throw new Error(`protoc sent no descriptor for ${name}`);
        return create(CodeGeneratorResponse_FileSchema, { name: grpcJsFileName(name), content: generateGrpcJs(file, req.protoFile, options) });
      }),
    });
  } catch (e) {
    response = create(CodeGeneratorResponseSchema, { error: (e as Error).message });
  }
  return toBinary(CodeGeneratorResponseSchema, response);
}

/** Runs the plugin on stdin and stdout, as protoc starts it. */
export async function runGrpcJsPluginOnStdio(): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  process.stdout.write(runGrpcJsPlugin(Buffer.concat(chunks)));
}
