import { Metadata, ResponderBuilder, ServerInterceptingCall, ServerListenerBuilder, type ServerInterceptor } from "@grpc/grpc-js";

/** The request header whose value the server echoes in its response headers (gRPC interop spec). */
export const echoInitialKey = "x-grpc-test-echo-initial";
/** The binary request header whose value the server echoes in its trailers (gRPC interop spec). */
export const echoTrailingKey = "x-grpc-test-echo-trailing-bin";

/**
 * A grpc-js server interceptor that echoes the gRPC interop test headers on every method, as grpc's
 * interop servers do for custom_metadata: `x-grpc-test-echo-initial` into the response headers and
 * `x-grpc-test-echo-trailing-bin` into the trailers. `polyrpc-server --interop` installs it (the Python
 * serve_all has the same switch), so the interop suite can check metadata on the seed services.
 * Not for production: it reflects client input. Internal: only serve-cli.ts imports it; it is not part of
 * the package's exports.
 */
export const interopEchoInterceptor: ServerInterceptor = (_method, call) => {
  let initial: Metadata | undefined;
  let trailing: Metadata | undefined;
  const responder = new ResponderBuilder()
    .withStart((next) => {
      next(
        new ServerListenerBuilder()
          .withOnReceiveMetadata((metadata, nextMetadata) => {
            const i = metadata.get(echoInitialKey);
            const t = metadata.get(echoTrailingKey);
            if (i.length > 0) (initial = new Metadata()).set(echoInitialKey, i[0]!);
            if (t.length > 0) (trailing = new Metadata()).set(echoTrailingKey, t[0]!);
            nextMetadata(metadata);
          })
          .build(),
      );
    })
    .withSendMetadata((metadata, next) => {
      if (initial !== undefined) metadata.merge(initial);
      next(metadata);
    })
    .withSendStatus((status, next) => {
      if (trailing !== undefined) {
        const metadata = status.metadata ?? new Metadata();
        metadata.merge(trailing);
        next({ ...status, metadata });
      } else next(status);
    })
    .build();
  return new ServerInterceptingCall(call, responder);
};
