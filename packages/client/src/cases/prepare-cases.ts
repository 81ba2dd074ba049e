import { fromJson, type DescMethod, type Message, type Registry } from "@bufbuild/protobuf";
import { UserError } from "@polyrpc/cli-kit";
import { resolveMethod } from "../schema/resolve-method.js";
import { withErrorTypes } from "../schema/with-error-types.js";
import type { SchemaSource } from "../schema/schema-source.js";
import type { CaseFile, InteropCase } from "./case-file.js";

/** A case checked against the schema: its method, and its requests and expected responses as messages. */
export interface PreparedCase {
  spec: InteropCase;
  method: DescMethod;
  /**
   * The schema's registry plus google.rpc.Status, the google.rpc error details and the well-known
   * types: what requests, responses and error details resolve against.
   */
  registry: Registry;
  requests: Message[];
  /** `expect.responses` parsed with the method's output type, when given. */
  expectedResponses: Message[] | undefined;
}

/**
 * Checks every case of `file` against `schema` before anything is called: the method exists (else the
 * error names the near matches, as `polyrpc call` does), `request` is given for unary and
 * server-streaming methods and `requests` for client-streaming and bidi ones, each request parses as
 * the method's input type and each `expect.responses` item as its output type. The first problem is a
 * user error `<file>: case <name>: <what>`.
 */
export async function prepareCases(file: CaseFile, schema: SchemaSource): Promise<PreparedCase[]> {
  const prepared: PreparedCase[] = [];
  for (const spec of file.cases) prepared.push(await prepareCase(file.path, spec, schema));
  return prepared;
}

async function prepareCase(path: string, spec: InteropCase, schema: SchemaSource): Promise<PreparedCase> {
  const fail = (what: string): never => {
    throw new UserError(`${path}: case ${spec.name}: ${what}`);
  };
  let method: DescMethod;
  let schemaRegistry: Registry;
  try {
    ({ method, registry: schemaRegistry } = await resolveMethod(schema, spec.method));
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    return fail(`"method" ${JSON.stringify(spec.method)}: ${e.message}`);
  }
  const registry = withErrorTypes(schemaRegistry);
  const full = `${method.parent.typeName}/${method.name}`;
  const kind = method.methodKind.replace("_", "-");
  const streamingInput = method.methodKind === "client_streaming" || method.methodKind === "bidi_streaming";
  if (streamingInput && spec.requestKey !== "requests") {
    fail(`${full} is ${kind}: give "requests" (a list of messages)${spec.requestKey === "request" ? ', not "request"' : ""}`);
  }
  if (!streamingInput && spec.requestKey === "requests") fail(`${full} is ${kind}: give "request" (one message), not "requests"`);
  const requests = spec.requests.map((json, i) => {
    try {
      return fromJson(method.input, json, { registry });
    } catch (e) {
      const key = spec.requestKey === "requests" ? `"requests"[${i}]` : `"request"`;
      return fail(`${key} ${JSON.stringify(json)} does not parse as ${method.input.typeName}: ${(e as Error).message}`);
    }
  });
  const expectedResponses = spec.expect?.responses?.map((json, i) => {
    try {
      return fromJson(method.output, json, { registry });
    } catch (e) {
      return fail(`"expect.responses"[${i}] ${JSON.stringify(json)} does not parse as ${method.output.typeName}: ${(e as Error).message}`);
    }
  });
  return { spec, method, registry, requests, expectedResponses };
}
