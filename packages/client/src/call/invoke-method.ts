import type { DescMethod, Message } from "@bufbuild/protobuf";
import { createClient, type CallOptions } from "@polyrpc/grpc";
import type { Channel } from "@polyrpc/grpc";

/**
 * Calls any method, whatever its streaming kind, with already decoded requests, and yields the
 * responses as they arrive: one for unary and client-streaming methods, any number otherwise. Unary and
 * server-streaming methods use `requests[0]`. A failed call throws an RpcError from the loop, after the
 * responses that came before the failure.
 */
export async function* invokeMethod(channel: Channel, method: DescMethod, requests: readonly Message[], options: CallOptions): AsyncGenerator<Message> {
  // The client's methods are typed per service; here the method is only known at run time.
  const client = createClient(method.parent, channel) as Record<string, (request: unknown, options: CallOptions) => unknown>;
  const call = client[method.localName]!;
  switch (method.methodKind) {
    case "unary":
      yield (await call(requests[0], options)) as Message;
      return;
    case "server_streaming":
      yield* call(requests[0], options) as AsyncIterable<Message>;
      return;
    case "client_streaming":
      yield (await call(requests, options)) as Message;
      return;
    case "bidi_streaming":
      yield* call(requests, options) as AsyncIterable<Message>;
      return;
  }
}
