// The public API of @polyrpc/web: a gRPC-web gateway in front of any gRPC server.
export { createWebGateway, DEFAULT_MAX_REQUEST_MESSAGE_BYTES } from "./create-web-gateway.js";
export type { WebGateway, WebGatewayOptions, WebGatewayAddress } from "./create-web-gateway.js";
export type { BackendTlsOptions } from "./backend-connection.js";
export type { HeaderRule } from "./forward-headers.js";
export { DEFAULT_FORWARD_HEADERS } from "./forward-headers.js";

// Building blocks for advanced use: for tests and for clients that build gRPC-web bodies by hand (also at
// @polyrpc/web/frames).
export { encodeGrpcWebBody, decodeGrpcWebResponse, decodeGrpcWebFrames, encodeTrailerFrame } from "./frames.js";
export type { GrpcWebFrame, GrpcWebResponse } from "./frames.js";
export { Code } from "./grpc-status.js";
export { parseGrpcTimeout } from "./create-web-gateway.js";
