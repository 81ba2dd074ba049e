// Stopping a child by its pid, with bounded waits: SIGTERM first so it can shut down gracefully, SIGKILL
// when it does not within the grace period.

/**
 * Whether the child has exited (or was ended by a signal).
 * @param {import("node:child_process").ChildProcess} child
 * @returns {boolean}
 */
export function hasExited(child) {
  return child.exitCode !== null || child.signalCode !== null;
}

/**
 * Sends `signal` to the child, or to its whole process group (a child started `detached`, for tools such as
 * `go install` or a shell that start processes of their own), by pid; ignores a process that is already gone.
 * A group is signalled even after its leader exited: what it started may still run.
 * @param {import("node:child_process").ChildProcess} child
 * @param {NodeJS.Signals} signal
 * @param {boolean} [processGroup]
 */
export function killProcess(child, signal, processGroup = false) {
  if (child.pid === undefined || (!processGroup && hasExited(child))) return;
  try {
    process.kill(processGroup ? -child.pid : child.pid, signal);
  } catch {
    // Already exited.
  }
}

/**
 * Stops a child: SIGTERM, then SIGKILL if it is still there after `graceMs` (at once for 0); waits, bounded,
 * for it to exit.
 * @param {import("node:child_process").ChildProcess} child
 * @param {number} [graceMs]
 * @returns {Promise<void>}
 */
export async function stopProcess(child, graceMs = 3000) {
  if (child.pid === undefined || hasExited(child)) return; // Never started, or already gone.
  const exited = new Promise((resolve) => child.once("exit", () => resolve(undefined)));
  if (graceMs > 0) {
    killProcess(child, "SIGTERM");
    if (await within(exited, graceMs)) return;
  }
  killProcess(child, "SIGKILL");
  await within(exited, 2000);
}

/**
 * Resolves true when `promise` settles within `ms`, false otherwise.
 * @param {Promise<unknown>} promise
 * @param {number} ms
 * @returns {Promise<boolean>}
 */
export async function within(promise, ms) {
  /** @type {NodeJS.Timeout | undefined} */
  let timer;
  /** @type {Promise<false>} */
  const timeout = new Promise((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([
      promise.then(
        () => true,
        () => true,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
