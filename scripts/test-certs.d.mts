/** Paths of the PEM files {@link makeTestCertificates} wrote. */
export interface TestCertificates {
  dir: string;
  /** The CA that signed the server and client certificates. */
  ca: string;
  /** For localhost and 127.0.0.1. */
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
  /** An unrelated CA: a client that trusts only it must be refused. */
  otherCa: string;
}

/** Writes throwaway CA, server, client and other-CA certificates into the existing folder `dir`. */
export function makeTestCertificates(dir: string): TestCertificates;
