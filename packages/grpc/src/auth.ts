import { createHash, timingSafeEqual } from "node:crypto";
import {
  Metadata,
  ResponderBuilder,
  ServerInterceptingCall,
  ServerListenerBuilder,
  status,
  type ServerInterceptingCallInterface,
  type ServerInterceptor,
} from "@grpc/grpc-js";

/** grpc-js's AuthContext (transport security, peer certificate), which its index does not export. */
export type AuthContext = ReturnType<ServerInterceptingCallInterface["getAuthContext"]>;
import type { Logger } from "./logger.js";

/** What an {@link AuthCheck} is told about a call. */
export interface AuthRequest {
  /** The method path, `/package.Service/Method`. */
  readonly path: string;
  /** The token of an `authorization: Bearer <token>` header; undefined when there is none. */
  readonly token: string | undefined;
  /** Every request header, for checks that read others (API keys, signatures). */
  readonly metadata: Metadata;
  /** The client's address (`ipv4:127.0.0.1:54321`). */
  readonly peer: string;
  /** The TLS details: with mutual TLS, `sslPeerCertificate` is the verified client certificate. */
  readonly authContext: AuthContext;
}

/**
 * An {@link AuthCheck}'s verdict: let the call in (as `principal`, which handlers read from
 * `context.principal`), or refuse it as UNAUTHENTICATED (who are you?) or PERMISSION_DENIED (not you).
 * `message` is what the client reads; never put the token in it.
 */
export type AuthResult = { ok: true; principal?: string } | { ok: false; code: "unauthenticated" | "permission_denied"; message?: string };

/** Decides whether a call may run. May be async (a token introspection, a database). */
export type AuthCheck = (request: AuthRequest) => AuthResult | Promise<AuthResult>;

/** The server's `auth` option: who may call what. */
export interface AuthOptions {
  /** The check every call passes through, except the public services'. */
  check: AuthCheck;
  /**
   * Fully qualified services any client may call without credentials. Default: only
   * `grpc.health.v1.Health`, so load balancers and orchestrators can probe; add
   * `grpc.reflection.v1.ServerReflection` and `grpc.reflection.v1alpha.ServerReflection` to publish the schema.
   */
  publicServices?: readonly string[];
}

/** The services reachable without credentials unless {@link AuthOptions.publicServices} says otherwise. */
export const defaultPublicServices: readonly string[] = ["grpc.health.v1.Health"];

/** The messages clients get; the Python interceptors (polyrpc.auth, packages/grpc-py) send the same ones. */
export const authMessages = {
  missing: "missing bearer token: send the header authorization: Bearer <token>",
  malformed: "malformed authorization header: expected Bearer <token>",
  invalid: "invalid bearer token",
  denied: (path: string) => `permission denied for ${path}`,
} as const;

/**
 * An {@link AuthCheck} that accepts the given bearer tokens. `tokens` maps each token to the principal it
 * stands for, or is a list (the principal is then `token-<n>`, its 1-based position: never the token itself).
 * Tokens are compared through SHA-256 digests in constant time, so response timing does not leak them.
 */
export function bearerTokenAuth(tokens: readonly string[] | ReadonlyMap<string, string>): AuthCheck {
  const entries = Array.isArray(tokens) ? tokens.map((t, i) => [t, `token-${i + 1}`] as const) : [...(tokens as ReadonlyMap<string, string>)];
  if (entries.length === 0) throw new Error("bearerTokenAuth: no tokens given");
  for (const [token] of entries) {
    if (token === "" || /\s/.test(token)) throw new Error("bearerTokenAuth: a token is empty or contains whitespace");
  }
  const digests = entries.map(([token, principal]) => ({ digest: sha256(token), principal }));
  return ({ token }) => {
    if (token === undefined) return { ok: false, code: "unauthenticated", message: authMessages.missing };
    const digest = sha256(token);
    // Compare with every token, without stopping at a match, so the time taken says nothing.
    let principal: string | undefined;
    for (const entry of digests) if (timingSafeEqual(entry.digest, digest)) principal ??= entry.principal;
    return principal === undefined ? { ok: false, code: "unauthenticated", message: authMessages.invalid } : { ok: true, principal };
  };
}

function sha256(text: string): Buffer {
  return createHash("sha256").update(text).digest();
}

/** Principals of admitted calls, keyed by the request metadata object the handler receives. */
const principals = new WeakMap<Metadata, string>();

/** The principal the auth interceptor admitted a call as (internal: the handler context reads it). */
export function principalOf(metadata: Metadata): string | undefined {
  return principals.get(metadata);
}

/**
 * A grpc-js server interceptor that runs `options.check` on every call's headers before the handler
 * starts, answering UNAUTHENTICATED or PERMISSION_DENIED on refusal. A check that throws refuses the call
 * as UNAVAILABLE ("authentication check failed") and is logged without the request's headers; the token is
 * never logged or echoed. `createServer({ auth })` installs it.
 */
export function createAuthInterceptor(options: AuthOptions, logger: Logger): ServerInterceptor {
  const publicServices = new Set(options.publicServices ?? defaultPublicServices);
  return (method, call) => {
    const service = method.path.slice(1, method.path.lastIndexOf("/"));
    if (publicServices.has(service)) return new ServerInterceptingCall(call);
    const refuse = (code: status, details: string) => call.sendStatus({ code, details, metadata: new Metadata() });
    const responder = new ResponderBuilder()
      .withStart((next) => {
        next(
          new ServerListenerBuilder()
            .withOnReceiveMetadata((metadata, nextMetadata) => {
              const header = metadata.get("authorization");
              const value = typeof header[0] === "string" ? header[0] : undefined;
              const match = value === undefined ? null : /^Bearer +(\S+) *$/i.exec(value);
              if (value !== undefined && match === null) {
                refuse(status.UNAUTHENTICATED, authMessages.malformed);
                return;
              }
              const request: AuthRequest = { path: method.path, token: match?.[1], metadata, peer: call.getPeer(), authContext: call.getAuthContext() };
              void Promise.resolve()
                .then(() => options.check(request))
                .then(
                  (result) => {
                    if (result.ok) {
                      if (result.principal !== undefined) principals.set(metadata, result.principal);
                      nextMetadata(metadata);
                    } else if (result.code === "permission_denied") {
                      refuse(status.PERMISSION_DENIED, result.message ?? authMessages.denied(method.path));
                    } else {
                      refuse(status.UNAUTHENTICATED, result.message ?? authMessages.invalid);
                    }
                  },
                  (error: unknown) => {
                    logger.error(`authentication check failed for ${method.path}`, error);
                    refuse(status.UNAVAILABLE, "authentication check failed");
                  },
                );
            })
            .build(),
        );
      })
      .build();
    return new ServerInterceptingCall(call, responder);
  };
}
