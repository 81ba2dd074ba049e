import { InterceptingCall, status, type Interceptor } from "@grpc/grpc-js";

/**
 * A grpc-js client interceptor that adds `authorization: Bearer <token>` to every call that does not
 * carry an authorization header already. An interceptor rather than call credentials, because grpc-js
 * refuses call credentials on plaintext channels, and loopback servers with auth are plaintext.
 * A token function that throws fails the call with UNAUTHENTICATED, without starting it.
 */
export function tokenInterceptor(token: string | (() => string | Promise<string>)): Interceptor {
  return (options, nextCall) => {
    const call = nextCall(options);
    return new InterceptingCall(call, {
      start(metadata, listener, next) {
        if (metadata.get("authorization").length > 0) {
          next(metadata, listener);
          return;
        }
        void Promise.resolve()
          .then(() => (typeof token === "string" ? token : token()))
          .then(
            (value) => {
              metadata.set("authorization", `Bearer ${value}`);
              next(metadata, listener);
            },
            (error: unknown) => {
              // Started and cancelled at once, so grpc-js delivers the status and releases the call's
              // deadline timer; the cancellation comes before the call could be sent.
              next(metadata, listener);
              call.cancelWithStatus(status.UNAUTHENTICATED, `cannot get a token: ${(error as Error).message}`);
            },
          );
      },
    });
  };
}
