// The page's way to the two servers: one gRPC-web transport per backend, both through the dashboard's
// origin (/api/ts, /api/py), plus what connect-web does not do: client-streaming bodies of several
// messages (fetch cannot stream a request body, but the gateway forwards a body of many frames) and the
// gRPC health check, which has no stub in @polyrpc/stubs.
import { fromBinary, toBinary, type DescMessage, type MessageInitShape, type MessageShape, create } from "@bufbuild/protobuf";
import { Code, ConnectError, type Transport } from "@connectrpc/connect";
import { createGrpcWebTransport } from "@connectrpc/connect-web";
import { decodeGrpcWebResponse, encodeGrpcWebBody } from "@polyrpc/web/frames";

/** Which server: the TypeScript one or the Python one. */
export type Impl = "ts" | "py";

const transports = new Map<Impl, Transport>();

/** The gRPC-web transport to `impl`, made once. */
export function transportFor(impl: Impl): Transport {
  let transport = transports.get(impl);
  if (transport === undefined) {
    transport = createGrpcWebTransport({ baseUrl: `${location.origin}/api/${impl}` });
    transports.set(impl, transport);
  }
  return transport;
}

/** POSTs `messages` as one gRPC-web body; returns the response messages, or throws a ConnectError with the status. */
async function rawCall(impl: Impl, path: string, messages: Uint8Array[], timeoutMs = 10_000): Promise<Uint8Array[]> {
  let response: Response;
  try {
    response = await fetch(`${location.origin}/api/${impl}${path}`, {
      method: "POST",
      headers: { "content-type": "application/grpc-web+proto", "x-grpc-web": "1", "grpc-timeout": `${timeoutMs}m` },
      body: encodeGrpcWebBody(messages),
      signal: AbortSignal.timeout(timeoutMs + 1000),
    });
  } catch (e) {
    throw new ConnectError(`cannot reach the gateway: ${(e as Error).message}`, Code.Unavailable);
  }
  if (response.status !== 200) throw new ConnectError(`gateway answered HTTP ${response.status}: ${await response.text()}`, Code.Unknown);
  const answer = decodeGrpcWebResponse(new Uint8Array(await response.arrayBuffer()));
  const code = Number(answer.trailers["grpc-status"] ?? Code.Unknown);
  if (code !== 0) throw new ConnectError(decodeURIComponent(answer.trailers["grpc-message"] ?? ""), code);
  return answer.messages;
}

/** A client-streaming call: every request in one body, one response back. */
export async function clientStream<I extends DescMessage, O extends DescMessage>(
  impl: Impl,
  path: string,
  input: I,
  output: O,
  requests: MessageInitShape<I>[],
): Promise<MessageShape<O>> {
  const messages = await rawCall(
    impl,
    path,
    requests.map((r) => toBinary(input, create(input, r))),
  );
  if (messages.length !== 1) throw new ConnectError(`expected one response message, got ${messages.length}`, Code.Internal);
  return fromBinary(output, messages[0]!);
}

/** grpc.health.v1.Health/Check for the whole server: "SERVING", "NOT_SERVING", ...; throws a ConnectError. */
export async function checkHealth(impl: Impl): Promise<string> {
  // HealthCheckRequest{service: ""} is the empty message; HealthCheckResponse is field 1, an enum (varint).
  const [reply] = await rawCall(impl, "/grpc.health.v1.Health/Check", [new Uint8Array()], 3000);
  const status = reply !== undefined && reply.length === 2 && reply[0] === 0x08 ? reply[1]! : 0;
  return ["UNKNOWN", "SERVING", "NOT_SERVING", "SERVICE_UNKNOWN"][status] ?? `status ${status}`;
}
