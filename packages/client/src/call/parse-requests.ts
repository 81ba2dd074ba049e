import { fromJson, type DescMethod, type JsonValue, type Message, type Registry } from "@bufbuild/protobuf";
import { UserError } from "@polyrpc/cli-kit";
import { splitJsonValues } from "./split-json-values.js";

/**
 * Turns the request text of `polyrpc call` into request messages with the proto3 JSON mapping.
 * Client-streaming and bidi methods take any number of JSON values, one per message; unary and
 * server-streaming methods exactly one, where empty text stands for `{}`.
 *
 * Every value is checked before anything is sent, so bad input never leaves a half-sent stream: a
 * value that is not JSON, or JSON that does not fit the input message (unknown field, wrong type), is
 * a user error naming the request by its 1-based position.
 */
export function parseRequests(method: DescMethod, text: string, registry: Registry): Message[] {
  const sources = splitJsonValues(text);
  const values = sources.map((source, i): JsonValue => {
    try {
      return JSON.parse(source) as JsonValue;
    } catch (e) {
      throw new UserError(`request ${i + 1} is not valid JSON: ${(e as Error).message}`);
    }
  });
  const streaming = method.methodKind === "client_streaming" || method.methodKind === "bidi_streaming";
  if (!streaming) {
    if (values.length === 0) values.push({});
    if (values.length > 1) {
      throw new UserError(
        `${method.parent.typeName}/${method.name} is ${method.methodKind.replace("_", "-")} and takes one request, got ${values.length} JSON values`,
      );
    }
  }
  return values.map((value, i) => {
    try {
      return fromJson(method.input, value, { registry });
    } catch (e) {
      throw new UserError(`request ${i + 1} does not match ${method.input.typeName}: ${(e as Error).message}`);
    }
  });
}
