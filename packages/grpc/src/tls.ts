import { readFileSync } from "node:fs";
import { credentials, ServerCredentials, type ChannelCredentials } from "@grpc/grpc-js";

/**
 * A PEM input: a Buffer holds the PEM text itself; a string is a file path, unless it starts with
 * `-----BEGIN`, in which case it is the PEM text.
 */
export type PemSource = Buffer | string;

/** TLS for a server: its certificate and key, and for mutual TLS the CA that signs client certificates. */
export interface ServerTlsConfig {
  /** The server's certificate chain (PEM). */
  cert: PemSource;
  /** The server's private key (PEM). */
  key: PemSource;
  /** CA certificates that client certificates must chain to (PEM). */
  ca?: PemSource;
  /**
   * Refuse clients without a certificate signed by `ca` (mutual TLS). Default: true when `ca` is given.
   * Without `ca` there is nothing to check client certificates against, so `true` is an error.
   */
  requireClientCert?: boolean;
}

/** TLS for a client: whom to trust and, for mutual TLS, the client's own certificate and key. */
export interface ClientTlsConfig {
  /** CA certificates the server's certificate must chain to (PEM). Default: Node's bundled public roots. */
  ca?: PemSource;
  /** The client's certificate chain, for servers that require one (PEM); needs `key`. */
  cert?: PemSource;
  /** The client's private key (PEM); needs `cert`. */
  key?: PemSource;
  /**
   * Accept any server certificate, unverified (grpcurl's -insecure): the connection is encrypted but
   * anyone in the middle can read it. For tests against self-signed servers only. Default false.
   */
  skipServerVerification?: boolean;
}

/**
 * Reads a {@link PemSource}. `what` names it in errors: `cannot read tls key /etc/x.key: ENOENT ...`.
 * Throws when the file is unreadable or holds no PEM block.
 */
export function readPem(source: PemSource, what: string): Buffer {
  let pem: Buffer;
  if (Buffer.isBuffer(source)) pem = source;
  else if (source.startsWith("-----BEGIN")) pem = Buffer.from(source);
  else {
    try {
      pem = readFileSync(source);
    } catch (e) {
      throw new Error(`cannot read tls ${what} ${source}: ${(e as Error).message}`, { cause: e });
    }
  }
  if (!pem.includes("-----BEGIN")) {
    throw new Error(`tls ${what}${typeof source === "string" ? ` ${source}` : ""} is not PEM (no -----BEGIN line)`);
  }
  return pem;
}

/** grpc-js server credentials for a {@link ServerTlsConfig}; throws on unreadable files or a contradictory config. */
export function createServerTlsCredentials(config: ServerTlsConfig): ServerCredentials {
  if (config.cert === undefined || config.key === undefined) {
    throw new Error(`tls: ${config.cert === undefined ? "key given without cert" : "cert given without key"}`);
  }
  const requireClientCert = config.requireClientCert ?? config.ca !== undefined;
  if (requireClientCert && config.ca === undefined) throw new Error("tls: requireClientCert needs a ca to check client certificates against");
  const ca = config.ca === undefined ? null : readPem(config.ca, "ca");
  return ServerCredentials.createSsl(ca, [{ cert_chain: readPem(config.cert, "cert"), private_key: readPem(config.key, "key") }], requireClientCert);
}

/** grpc-js channel credentials for a {@link ClientTlsConfig}; throws on unreadable files or a half-given key pair. */
export function createClientTlsCredentials(config: ClientTlsConfig = {}): ChannelCredentials {
  if ((config.cert === undefined) !== (config.key === undefined)) {
    throw new Error(`tls: ${config.cert === undefined ? "key given without cert" : "cert given without key"}`);
  }
  const ca = config.ca === undefined ? null : readPem(config.ca, "ca");
  const key = config.key === undefined ? null : readPem(config.key, "key");
  const cert = config.cert === undefined ? null : readPem(config.cert, "cert");
  if (config.skipServerVerification === true) {
    return credentials.createSsl(ca, key, cert, { rejectUnauthorized: false, checkServerIdentity: () => undefined });
  }
  return credentials.createSsl(ca, key, cert);
}
