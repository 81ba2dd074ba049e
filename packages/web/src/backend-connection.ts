// One HTTP/2 connection to the gRPC backend, shared by every call and re-opened after it closes.
import { connect, type ClientHttp2Session, type SecureClientSessionOptions } from "node:http2";

// HTTP/2's default windows (64 KiB) are smaller than one 64 KiB message plus its prefix: the backend would
// stop at every message until the gateway's WINDOW_UPDATE came back (a download of 64 MiB made 3000 of them).
// Larger windows let it run ahead; the gateway's backpressure still holds it (a paused stream is not read, so
// its window is not refilled).
/** Flow-control window of each backend stream, in bytes. */
const STREAM_WINDOW_BYTES = 1024 * 1024;
/** Flow-control window of the whole backend connection, shared by its streams, in bytes. */
const SESSION_WINDOW_BYTES = 8 * 1024 * 1024;

/** TLS to the backend: the CA that signed its certificate, and a client certificate for mutual TLS. */
export interface BackendTlsOptions {
  /** PEM CA certificate(s) to trust; default the system's. */
  ca?: string | Buffer;
  /** PEM client certificate chain, for a backend that requires one. */
  cert?: string | Buffer;
  /** PEM private key of `cert`. */
  key?: string | Buffer;
  /** The name the backend's certificate must carry, when it differs from the host of `backend`. */
  serverName?: string;
}

/** The backend's HTTP/2 session, shared by the gateway's calls. */
export interface BackendConnection {
  /** The open session, or a new one if there is none or the last one closed or went away. */
  session(): ClientHttp2Session;
  close(): void;
}

/** Parses `host:port` (or `[v6]:port`); throws naming the value. */
export function parseBackend(backend: string): { host: string; port: number } {
  const match = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(backend);
  const port = match === null ? NaN : Number(match[2]);
  if (match === null || !Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`invalid backend ${JSON.stringify(backend)}: expected HOST:PORT`);
  return { host: match[1]!, port };
}

/** Opens HTTP/2 connections to `backend` lazily, one at a time. */
export function createBackendConnection(backend: string, tls: BackendTlsOptions | undefined, connectTimeoutMs: number): BackendConnection {
  const { host, port } = parseBackend(backend);
  const authority = `${tls === undefined ? "http" : "https"}://${host}:${port}`;
  let current: ClientHttp2Session | undefined;
  return {
    session() {
      if (current !== undefined && !current.closed && !current.destroyed) return current;
      const options: SecureClientSessionOptions = {
        settings: { initialWindowSize: STREAM_WINDOW_BYTES },
        ...(tls === undefined
          ? {}
          : { ca: tls.ca, cert: tls.cert, key: tls.key, servername: tls.serverName ?? host.replace(/^\[|\]$/g, ""), ALPNProtocols: ["h2"] }),
      };
      const session = connect(authority, options);
      session.once("remoteSettings", () => session.setLocalWindowSize(SESSION_WINDOW_BYTES));
      current = session;
      const forget = () => {
        if (current === session) current = undefined;
      };
      // A connection error fails the streams opened on it (each reports UNAVAILABLE); the session's own
      // error event only needs a listener so that it does not crash the process.
      session.on("error", forget);
      session.on("goaway", forget);
      session.on("close", forget);
      // A backend that accepts nothing (a dropped SYN, a stopped process) must give UNAVAILABLE, not a hang.
      const timer = setTimeout(() => session.destroy(new Error(`connect timed out after ${connectTimeoutMs} ms`)), connectTimeoutMs);
      timer.unref();
      session.once("connect", () => clearTimeout(timer));
      session.once("close", () => clearTimeout(timer));
      // An idle gateway must not keep the backend connection's event loop reference: the server does.
      session.unref();
      return session;
    },
    close() {
      current?.close();
      current = undefined;
    },
  };
}
