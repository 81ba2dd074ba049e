import type { DescMessage, DescMethod, DescService, MessageInitShape, MessageShape } from "@bufbuild/protobuf";
import type { HandlerContext } from "./handler-context.js";

/** A unary handler: one request in, one response (a message or its init shape) out. */
export type UnaryImpl<I extends DescMessage, O extends DescMessage> = (
  request: MessageShape<I>,
  context: HandlerContext,
) => Promise<MessageInitShape<O>> | MessageInitShape<O>;

/** A server-streaming handler, usually an async generator; each yielded value is sent as it comes. */
export type ServerStreamingImpl<I extends DescMessage, O extends DescMessage> = (
  request: MessageShape<I>,
  context: HandlerContext,
) => AsyncIterable<MessageInitShape<O>>;

/** A client-streaming handler: reads the requests as an async iterable, answers once. */
export type ClientStreamingImpl<I extends DescMessage, O extends DescMessage> = (
  requests: AsyncIterable<MessageShape<I>>,
  context: HandlerContext,
) => Promise<MessageInitShape<O>>;

/** A bidi-streaming handler: reads requests and yields responses, at its own pace. */
export type BidiStreamingImpl<I extends DescMessage, O extends DescMessage> = (
  requests: AsyncIterable<MessageShape<I>>,
  context: HandlerContext,
) => AsyncIterable<MessageInitShape<O>>;

/** The handler type for one method descriptor, chosen by its streaming kind. */
export type MethodImpl<M extends DescMethod> = M extends { methodKind: "unary"; input: infer I extends DescMessage; output: infer O extends DescMessage }
  ? UnaryImpl<I, O>
  : M extends { methodKind: "server_streaming"; input: infer I extends DescMessage; output: infer O extends DescMessage }
    ? ServerStreamingImpl<I, O>
    : M extends { methodKind: "client_streaming"; input: infer I extends DescMessage; output: infer O extends DescMessage }
      ? ClientStreamingImpl<I, O>
      : M extends { methodKind: "bidi_streaming"; input: infer I extends DescMessage; output: infer O extends DescMessage }
        ? BidiStreamingImpl<I, O>
        : never;

/**
 * An implementation of a service: one handler per method, keyed by the method's local (camel-case) name,
 * as protoc-gen-es names them (`getFeature`, `listFeatures`, ...).
 */
export type ServiceImpl<S extends DescService> = {
  [K in keyof S["method"]]: S["method"][K] extends DescMethod ? MethodImpl<S["method"][K]> : never;
};

/** A service descriptor paired with its implementation; build one with {@link service}. */
export interface ServiceRegistration {
  readonly service: DescService;
  readonly impl: Partial<Record<string, (...args: never[]) => unknown>>;
}

/**
 * Pairs a service descriptor with its implementation for {@link createServer}. Methods missing from a
 * `Partial` implementation answer UNIMPLEMENTED.
 */
export function service<S extends DescService>(desc: S, impl: ServiceImpl<S> | Partial<ServiceImpl<S>>): ServiceRegistration {
  return { service: desc, impl: impl as ServiceRegistration["impl"] };
}
