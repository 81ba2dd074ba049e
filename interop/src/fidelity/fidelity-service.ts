import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { Code, RpcError, type ServiceImpl } from "@polyrpc/grpc";
import {
  AllTypesSchema,
  type FidelityService,
  NarrowSchema,
  NestedSchema,
  WideSchema,
  type AllTypes,
  type Nested,
} from "../gen/polyrpc/fidelity/v1/fidelity_pb.js";

/** The most copies EchoStream sends for one request; more is INVALID_ARGUMENT. */
export const echoStreamMaxCount = 100;

/** The deepest message Nest builds; more is INVALID_ARGUMENT. */
export const nestMaxDepth = 200;

/**
 * The fidelity service (interop/proto/polyrpc/fidelity/v1/fidelity.proto) in TypeScript: every method but
 * Nest answers what it was sent, as the bridge decoded it, so what comes back is what protobuf-es read and
 * wrote; Nest builds a message as deep as asked.
 * Its Python twin is `polyrpc_interop.fidelity`; the fidelity cases (interop/cases/fidelity.yaml) hold them
 * to the same answers.
 */
export function createFidelityService(): ServiceImpl<typeof FidelityService> {
  return {
    echo: (request) => request,

    async *echoStream(request) {
      const count = request.count;
      if (count < 0 || count > echoStreamMaxCount) {
        throw new RpcError(Code.INVALID_ARGUMENT, `count ${count} out of range: want 0 to ${echoStreamMaxCount}`);
      }
      const message: AllTypes = request.message ?? create(AllTypesSchema);
      for (let i = 0; i < count; i++) yield message;
    },

    async collect(requests) {
      const messages: AllTypes[] = [];
      for await (const message of requests) messages.push(message);
      return { messages };
    },

    echoEmpty: () => ({}),

    // Through Narrow's schema and back: added_string and added_int64 survive only as Narrow's unknown fields.
    nest: (request) => {
      const depth = request.depth;
      if (depth < 1 || depth > nestMaxDepth) throw new RpcError(Code.INVALID_ARGUMENT, `depth ${depth} out of range: want 1 to ${nestMaxDepth}`);
      let message: Nested = create(NestedSchema, { a: depth });
      for (let level = depth - 1; level >= 1; level--) message = create(NestedSchema, { a: level, child: message });
      return message;
    },

    echoUnknown: (request) => fromBinary(WideSchema, toBinary(NarrowSchema, fromBinary(NarrowSchema, toBinary(WideSchema, request)))),
  };
}
