import { Code, RpcError } from "@polyrpc/grpc";
import { InvalidArgumentError } from "./indicator/invalid-argument-error.js";

/**
 * Maps the domain errors of the services to gRPC statuses: bad request values are INVALID_ARGUMENT
 * with their message; anything else passes through for the bridge to report as INTERNAL.
 */
export function toRpcError(error: unknown): unknown {
  if (error instanceof InvalidArgumentError) return new RpcError(Code.INVALID_ARGUMENT, error.message, undefined, { cause: error });
  return error;
}
