import { createRegistry, type Registry } from "@bufbuild/protobuf";
import {
  file_google_protobuf_any,
  file_google_protobuf_duration,
  file_google_protobuf_empty,
  file_google_protobuf_field_mask,
  file_google_protobuf_struct,
  file_google_protobuf_timestamp,
  file_google_protobuf_wrappers,
} from "@bufbuild/protobuf/wkt";
import { file_google_rpc_error_details, file_google_rpc_status } from "@polyrpc/grpc";

/** `registry` plus the types error details are made of, so details from any server decode. */
export function withErrorTypes(registry: Registry): Registry {
  return createRegistry(
    registry,
    file_google_rpc_status,
    file_google_rpc_error_details,
    file_google_protobuf_any,
    file_google_protobuf_duration,
    file_google_protobuf_empty,
    file_google_protobuf_field_mask,
    file_google_protobuf_struct,
    file_google_protobuf_timestamp,
    file_google_protobuf_wrappers,
  );
}
