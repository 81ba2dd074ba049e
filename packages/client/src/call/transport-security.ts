import { readFileSync } from "node:fs";
import type { ChannelConfig } from "@polyrpc/grpc";
import { UserError } from "@polyrpc/cli-kit";
import { type CommandArgs, stringOption } from "../parse-command-args.js";

/** The TLS flags of `polyrpc call`, as parsed. */
export interface TransportFlags {
  plaintext?: boolean;
  insecure?: boolean;
  tls?: boolean;
  ca?: string;
  cert?: string;
  key?: string;
}

/** The TLS flags (--plaintext, --insecure, --tls, --ca, --cert, --key) of a parsed command line. */
export function transportFlags(args: CommandArgs): TransportFlags {
  return {
    ca: stringOption(args, "ca"),
    cert: stringOption(args, "cert"),
    key: stringOption(args, "key"),
    tls: args.values["tls"] === true,
    insecure: args.values["insecure"] === true,
    plaintext: args.values["plaintext"] === true,
  };
}

/**
 * Whether `target` names this machine: 127.0.0.0/8, ::1, localhost, or a unix socket. Such targets get
 * plaintext by default (as the seed servers and `pnpm serve` listen); every other target gets TLS.
 */
export function isLoopbackTarget(target: string): boolean {
  if (target.startsWith("unix:")) return true;
  // Strip a scheme (dns:///, ipv4:, ipv6:) and the port; keep the first address of an ipv4:/ipv6: list.
  const address = target.replace(/^(dns:(\/\/[^/]*)?\/|ipv4:|ipv6:)/, "").split(",")[0]!;
  const host = address.startsWith("[") ? address.slice(1, address.indexOf("]")) : address.replace(/:\d*$/, "");
  return host === "localhost" || host === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * The channel's transport security, grpcurl-style: TLS with the public roots by default, except that a
 * loopback target defaults to plaintext; --plaintext forces plaintext; --tls forces TLS; --ca, --cert and
 * --key set up (mutual) TLS; --insecure is TLS without checking the server's certificate. Contradictory
 * or half-given flags are user errors. Returns the channel config (empty for plaintext).
 */
export function transportConfig(target: string, flags: TransportFlags): Pick<ChannelConfig, "tls"> {
  const tlsFlags = (["tls", "insecure", "ca", "cert", "key"] as const).filter((f) => flags[f] !== undefined && flags[f] !== false);
  if (flags.plaintext === true) {
    if (tlsFlags.length > 0) throw new UserError(`call: --plaintext cannot be combined with --${tlsFlags[0]}`);
    return {};
  }
  if (flags.key !== undefined && flags.cert === undefined) throw new UserError("call: --key given without --cert");
  if (flags.cert !== undefined && flags.key === undefined) throw new UserError("call: --cert given without --key");
  if (tlsFlags.length === 0 && isLoopbackTarget(target)) return {};
  return {
    tls: {
      ...(flags.ca === undefined ? {} : { ca: readPemFlag("ca", flags.ca) }),
      ...(flags.cert === undefined ? {} : { cert: readPemFlag("cert", flags.cert), key: readPemFlag("key", flags.key!) }),
      ...(flags.insecure === true ? { skipServerVerification: true } : {}),
    },
  };
}

/** Reads the PEM file of --`flag`, or throws a user error naming the flag and the file. */
function readPemFlag(flag: string, path: string): Buffer {
  let pem: Buffer;
  try {
    pem = readFileSync(path);
  } catch (e) {
    throw new UserError(`call: --${flag} ${path}: cannot read it: ${(e as Error).message}`);
  }
  if (!pem.includes("-----BEGIN")) throw new UserError(`call: --${flag} ${path}: not a PEM file (no -----BEGIN line)`);
  return pem;
}
