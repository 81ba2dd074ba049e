import { connect } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";

/**
 * Whether something accepts TCP connections on host:port now (one attempt).
 * @param {number} port
 * @param {string} [host]
 * @returns {Promise<boolean>}
 */
export function acceptsConnections(port, host = "127.0.0.1") {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/**
 * Waits until a TCP connection to host:port succeeds, for at most `timeoutMs`; rejects with the last error.
 * @param {string} host
 * @param {number} port
 * @param {number} timeoutMs
 * @returns {Promise<void>}
 */
export async function waitForPort(host, port, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  /** @type {unknown} */
  let lastError;
  while (Date.now() < deadline) {
    try {
      await new Promise((resolve, reject) => {
        const socket = connect({ host, port });
        const timer = setTimeout(() => socket.destroy(new Error("connect timed out")), 1000);
        socket.once("connect", () => {
          clearTimeout(timer);
          socket.end();
          resolve(undefined);
        });
        socket.once("error", (error) => {
          clearTimeout(timer);
          reject(error);
        });
      });
      return;
    } catch (error) {
      lastError = error;
      await sleep(50);
    }
  }
  throw new Error(`nothing accepted connections on ${host}:${port} within ${timeoutMs} ms (last error: ${String(lastError)})`);
}
