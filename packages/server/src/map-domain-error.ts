import { create } from "@bufbuild/protobuf";
import { anyPack } from "@bufbuild/protobuf/wkt";
import { BadRequestSchema, Code, RpcError } from "@polyrpc/grpc";
import { InvalidArgumentError } from "./invalid-argument-error.js";

/**
 * Maps the domain errors of the services to gRPC statuses: bad request values are INVALID_ARGUMENT
 * with their message, and a google.rpc.BadRequest detail with a field violation for each field at
 * fault; anything else passes through for the bridge to report as INTERNAL.
 */
export function mapDomainError(error: unknown): unknown {
  if (error instanceof InvalidArgumentError) {
    return new RpcError(Code.INVALID_ARGUMENT, error.message, undefined, {
      cause: error,
      details: badRequestDetails(error.fields, error.message),
    });
  }
  return error;
}

/**
 * The details of an INVALID_ARGUMENT status: one google.rpc.BadRequest with a violation of each of
 * `fields` (proto field names) described by `description`, or none without fields.
 */
export function badRequestDetails(fields: readonly string[], description: string) {
  if (fields.length === 0) return [];
  const fieldViolations = fields.map((field) => ({ field, description }));
  return [anyPack(BadRequestSchema, create(BadRequestSchema, { fieldViolations }))];
}
