import { toJson, type JsonValue, type Message } from "@bufbuild/protobuf";
import { AnySchema, type Any } from "@bufbuild/protobuf/wkt";
import { Code, RpcError, type CallOptions, type Channel } from "@polyrpc/grpc";
import { invokeMethod } from "../call/invoke-method.js";
import { rawText } from "./compare-messages.js";
import type { PreparedCase } from "./prepare-cases.js";

/**
 * What one call gave one client: the responses (decoded, in order), the status code and message, and the
 * rich error details (the google.protobuf.Any messages of grpc-status-details-bin). `clientError` is set
 * when the client itself failed (the Python client rejected a request, a response did not decode): then
 * the other fields hold what came before the failure and the cell fails.
 */
export interface CallOutcome {
  responses: Message[];
  /** A gRPC code name: `OK`, `INVALID_ARGUMENT`, ... */
  status: string;
  message: string;
  details: Any[];
  clientError: string | undefined;
  /** Wall time of the call in milliseconds (for the Python client, the share of its whole run). */
  ms: number;
}

/** An outcome in proto3 JSON, for reports: responses and details (with `@type`) as the client decoded them. */
export interface OutcomeJson {
  status: string;
  message: string;
  responses: JsonValue[];
  details: JsonValue[];
  clientError?: string;
}

/**
 * Makes the call of `prepared` with the TypeScript client (@polyrpc/grpc) on `channel` and records its
 * outcome; never rejects for a failed call (a status other than OK is an outcome like any other).
 */
export async function runTsCall(channel: Channel, prepared: PreparedCase, options: CallOptions): Promise<CallOutcome> {
  const responses: Message[] = [];
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  try {
    for await (const response of invokeMethod(channel, prepared.method, prepared.requests, options)) responses.push(response);
    return { responses, status: "OK", message: "", details: [], clientError: undefined, ms: ms() };
  } catch (e) {
    if (e instanceof RpcError) {
      return { responses, status: codeName(e.code), message: e.message, details: [...e.details], clientError: undefined, ms: ms() };
    }
    return { responses, status: "UNKNOWN", message: "", details: [], clientError: `the TypeScript client failed: ${(e as Error).message}`, ms: ms() };
  }
}

/** The name of a numeric gRPC status code, or `CODE_<n>` for one outside the spec. */
export function codeName(code: number): string {
  return (Code as unknown as Record<number, string>)[code] ?? `CODE_${code}`;
}

/** An outcome as proto3 JSON; a detail whose type the registry lacks is shown by type URL and base64. */
export function outcomeJson(outcome: CallOutcome, prepared: PreparedCase): OutcomeJson {
  const { registry, method } = prepared;
  const json = (f: () => JsonValue, fallback: () => JsonValue) => {
    try {
      return f();
    } catch {
      return fallback();
    }
  };
  return {
    status: outcome.status,
    message: outcome.message,
    responses: outcome.responses.map((r) =>
      json(
        () => toJson(method.output, r, { registry }),
        () => ({ noProto3Json: JSON.parse(rawText(r)) as JsonValue }),
      ),
    ),
    details: outcome.details.map((d) =>
      json(
        () => {
          // @type first, as `polyrpc call` prints details: the type is what a reader looks for.
          const { "@type": type, ...fields } = toJson(AnySchema, d, { registry }) as Record<string, JsonValue>;
          return { "@type": type!, ...fields };
        },
        () => ({ "@type": d.typeUrl, base64: Buffer.from(d.value).toString("base64") }),
      ),
    ),
    ...(outcome.clientError === undefined ? {} : { clientError: outcome.clientError }),
  };
}
