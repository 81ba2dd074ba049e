import { create, toBinary, type DescFile, type DescMethod } from "@bufbuild/protobuf";
import { FileDescriptorSetSchema, type FileDescriptorProto } from "@bufbuild/protobuf/wkt";
import { file_google_rpc_error_details, file_google_rpc_status } from "@polyrpc/grpc";

/**
 * A binary FileDescriptorSet with the files of `methods` and every file they import, dependencies
 * first, plus google/rpc/status.proto and error_details.proto (so the Python client can print the
 * details as JSON). Each file counts once, by name.
 */
export function descriptorSetFor(methods: readonly DescMethod[]): Uint8Array {
  const files: FileDescriptorProto[] = [];
  const seen = new Set<string>();
  const add = (file: DescFile): void => {
    if (seen.has(file.proto.name)) return;
    seen.add(file.proto.name);
    for (const dependency of file.dependencies) add(dependency);
    files.push(file.proto);
  };
  for (const method of methods) add(method.parent.file);
  add(file_google_rpc_status);
  add(file_google_rpc_error_details);
  return toBinary(FileDescriptorSetSchema, create(FileDescriptorSetSchema, { file: files }));
}
