import { setMaxListeners } from "node:events";
import type { DescService } from "@bufbuild/protobuf";
import { Server, ServerCredentials, type ServerOptions as GrpcServerOptions, type UntypedServiceImplementation } from "@grpc/grpc-js";
import { HealthImplementation, type ServingStatusMap } from "grpc-health-check";
import { createAuthInterceptor, type AuthOptions } from "./auth.js";
import { coalescingUnavailable } from "./grpc-js-internals.js";
import { serverOptionsFromLimits, type LimitsConfig } from "./limits.js";
import { consoleLogger, type Logger } from "./logger.js";
import { addReflection } from "./reflection.js";
import { createHandler } from "./server-handlers.js";
import { createServiceDefinition } from "./service-definition.js";
import type { ServiceRegistration } from "./service-impl.js";
import { createServerTlsCredentials, type ServerTlsConfig } from "./tls.js";

/** Options of {@link createServer}. */
export interface ServerOptions {
  /** The services to serve; build each entry with `service(descriptor, implementation)`. */
  services: readonly ServiceRegistration[];
  /** Register grpc.health.v1.Health, with every service SERVING until shutdown. Default true. */
  health?: boolean;
  /** Register gRPC server reflection (v1 and v1alpha) for the services. Default true. */
  reflection?: boolean;
  /**
   * TLS (and with `ca`, mutual TLS) from PEM files or buffers. Without `tls` or `credentials` the server is
   * plaintext, which suits loopback only. Unreadable files make createServer throw.
   */
  tls?: ServerTlsConfig;
  /** Raw grpc-js server credentials, for what `tls` does not cover; not together with `tls`. */
  credentials?: ServerCredentials;
  /**
   * Require credentials on every call (except health checks, by default): a bearer-token or custom check,
   * answered UNAUTHENTICATED or PERMISSION_DENIED. See {@link AuthOptions} and `bearerTokenAuth`.
   */
  auth?: AuthOptions;
  /** Message sizes, concurrent streams and keepalive from the shared limits config (see `loadLimitsConfig`). */
  limits?: LimitsConfig;
  /**
   * grpc-js server options (channel arguments such as `grpc.max_receive_message_length`); they win over
   * `limits`. Their `interceptors` run after the auth check.
   */
  grpcOptions?: GrpcServerOptions;
  /** How long {@link PolyServer.shutdown} lets in-flight calls finish before cancelling them. Default 5000 ms. */
  shutdownGraceMs?: number;
  /** Where unexpected handler errors are logged. Default: console.error. */
  logger?: Logger;
  /**
   * Gather the messages of a server stream (async-generator handlers, and bidi handlers other than
   * `answerEach`) that are ready in the same tick into one HTTP/2 write, of up to 64 KiB, instead of one
   * write per message: several times the throughput for small messages. No message waits for another,
   * backpressure, statuses and trailers are unchanged. It writes to grpc-js's HTTP/2 stream directly,
   * so it needs grpc-js 1.14 internals, checked at start-up (without them, and for calls behind an
   * interceptor that changes response headers or messages, each message takes grpc-js's `write()`, with a
   * debug note in the first case). Default true; false always takes `write()`.
   */
  coalesceWrites?: boolean;
}

/** A server's bound address. */
export interface ServerAddress {
  host: string;
  /** The real port, also when 0 was asked for. */
  port: number;
}

/** A gRPC server built by {@link createServer}. */
export interface PolyServer {
  /**
   * Binds `host:port` (port 0 lets the OS pick) and starts serving. Resolves to the bound address;
   * rejects if the address is in use or invalid.
   */
  listen(port?: number, host?: string): Promise<ServerAddress>;
  /**
   * Graceful shutdown: reports NOT_SERVING, stops accepting calls, lets in-flight calls finish for up to
   * `graceMs` (default: the server's shutdownGraceMs), then cancels the rest (their handlers' signals
   * abort) and closes every connection. Safe to call more than once.
   */
  shutdown(graceMs?: number): Promise<void>;
  /**
   * Shuts down gracefully on the first SIGINT or SIGTERM, then exits the process with code 0.
   * Returns a function that removes the handlers.
   */
  shutdownOnSignals(): () => void;
  /** The underlying grpc-js server, for what this API does not cover. */
  readonly grpcServer: Server;
  /** The health service, to change a service's status; undefined when health is off. */
  readonly health: HealthImplementation | undefined;
}

/**
 * Creates a gRPC server for protobuf-es services on @grpc/grpc-js, with health checking and reflection
 * registered by default.
 *
 * @example
 * const server = createServer({ services: [service(Greeter, { sayHello: (req) => ({ message: `Hello, ${req.name}` }) })] });
 * const { port } = await server.listen(0, "127.0.0.1");
 */
export function createServer(options: ServerOptions): PolyServer {
  const logger = options.logger ?? consoleLogger;
  if (options.tls !== undefined && options.credentials !== undefined) throw new Error("createServer: give tls or credentials, not both");
  const serverCredentials = options.tls !== undefined ? createServerTlsCredentials(options.tls) : (options.credentials ?? ServerCredentials.createInsecure());
  // The auth interceptor comes first, so no other interceptor or handler sees a refused call.
  const interceptors = [...(options.auth === undefined ? [] : [createAuthInterceptor(options.auth, logger)]), ...(options.grpcOptions?.interceptors ?? [])];
  const grpcServer = new Server({ ...serverOptionsFromLimits(options.limits ?? {}), ...options.grpcOptions, interceptors });
  const forceController = new AbortController();
  // Every call in flight listens on this signal (and removes its listener when it ends), so more than
  // Node's default 10 listeners is normal, not a leak: without this, 11 concurrent calls print a warning.
  setMaxListeners(0, forceController.signal);
  let coalesceWrites = options.coalesceWrites ?? true;
  const unavailable = coalesceWrites ? coalescingUnavailable() : undefined;
  if (unavailable !== undefined) {
    logger.debug?.(`server streams write each message on its own: ${unavailable}`);
    coalesceWrites = false;
  }
  const descriptors: DescService[] = [];
  for (const { service, impl } of options.services) {
    const implementation: UntypedServiceImplementation = {};
    for (const method of service.methods) {
      const fn = impl[method.localName];
      if (fn !== undefined) {
        implementation[method.localName] = createHandler(method, fn, { logger, serverSignal: forceController.signal, coalesceWrites });
      }
    }
    // Methods without a handler are answered UNIMPLEMENTED by grpc-js.
    grpcServer.addService(createServiceDefinition(service, { forGrpcJsServer: true }), implementation);
    descriptors.push(service);
  }
  let health: HealthImplementation | undefined;
  if (options.health ?? true) {
    const statuses: ServingStatusMap = { "": "SERVING" };
    for (const s of descriptors) statuses[s.typeName] = "SERVING";
    health = new HealthImplementation(statuses);
    health.addToServer(grpcServer);
  }
  if (options.reflection ?? true) addReflection(grpcServer, descriptors, { health: health !== undefined });

  const defaultGrace = options.shutdownGraceMs ?? 5000;
  let shutdownPromise: Promise<void> | undefined;

  const server: PolyServer = {
    grpcServer,
    health,
    listen(port = 0, host = "127.0.0.1") {
      const address = host.includes(":") && !host.startsWith("[") ? `[${host}]:${port}` : `${host}:${port}`;
      return new Promise((resolve, reject) => {
        grpcServer.bindAsync(address, serverCredentials, (error, boundPort) => {
          if (error !== null) reject(new Error(`cannot listen on ${address}: ${error.message}`, { cause: error }));
          else resolve({ host, port: boundPort });
        });
      });
    },
    shutdown(graceMs = defaultGrace) {
      shutdownPromise ??= new Promise<void>((resolve) => {
        if (health !== undefined) {
          health.setStatus("", "NOT_SERVING");
          for (const s of descriptors) health.setStatus(s.typeName, "NOT_SERVING");
        }
        const force = setTimeout(() => {
          forceController.abort();
          grpcServer.forceShutdown();
          resolve();
        }, graceMs);
        grpcServer.tryShutdown((error) => {
          clearTimeout(force);
          if (error !== undefined) logger.error("graceful shutdown failed", error);
          resolve();
        });
      });
      return shutdownPromise;
    },
    shutdownOnSignals() {
      const onSignal = () => {
        remove();
        void server.shutdown().then(() => process.exit(0));
      };
      const remove = () => {
        process.removeListener("SIGINT", onSignal);
        process.removeListener("SIGTERM", onSignal);
      };
      process.once("SIGINT", onSignal);
      process.once("SIGTERM", onSignal);
      return remove;
    },
  };
  return server;
}
