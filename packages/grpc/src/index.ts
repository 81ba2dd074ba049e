// The public API of @polyrpc/grpc: protobuf-es services on @grpc/grpc-js.
export { createServer } from "./create-server.js";
export type { ServerOptions, PolyServer, ServerAddress } from "./create-server.js";
export { service } from "./service-impl.js";
export type {
  ServiceImpl,
  MethodImpl,
  ServiceRegistration,
  UnaryImpl,
  ServerStreamingImpl,
  ClientStreamingImpl,
  BidiStreamingImpl,
} from "./service-impl.js";
export { answerEach } from "./answer-each.js";
export type { AnswerImpl } from "./answer-each.js";
export type { HandlerContext } from "./handler-context.js";
export { createClient, createChannel } from "./create-client.js";
export type { Client, ClientMethod, ChannelConfig, UnaryFn, ServerStreamingFn, ClientStreamingFn, BidiStreamingFn } from "./create-client.js";
export type { CallOptions } from "./call-options.js";
export { isIdempotent, retryServiceConfig } from "./retry-policy.js";
export type { RetryOptions } from "./retry-policy.js";
export { RpcError } from "./rpc-error.js";
export { toMetadata } from "./metadata.js";
export type { MetadataInit } from "./metadata.js";
export { createServiceDefinition, createMethodDefinition, methodPath } from "./service-definition.js";
export type { ServiceDefinitionOptions } from "./service-definition.js";
export { createServerTlsCredentials, createClientTlsCredentials, readPem } from "./tls.js";
export type { ServerTlsConfig, ClientTlsConfig, PemSource } from "./tls.js";
export { bearerTokenAuth, createAuthInterceptor, authMessages, defaultPublicServices } from "./auth.js";
export type { AuthCheck, AuthRequest, AuthResult, AuthOptions, AuthContext } from "./auth.js";
export { tokenInterceptor } from "./token-interceptor.js";
export { loadLimitsConfig, parseLimitsConfig, serverOptionsFromLimits, channelOptionsFromLimits, serviceConfigFromTimeouts } from "./limits.js";
export type { LimitsConfig, KeepaliveConfig } from "./limits.js";
export { consoleLogger } from "./logger.js";
export type { Logger } from "./logger.js";
// gRPC status codes and the grpc-js types that appear in this API, so users need no direct import.
export { status as Code, Metadata, ServerCredentials, credentials } from "@grpc/grpc-js";
export type { ChannelCredentials } from "@grpc/grpc-js";
