import { readdirSync, readFileSync } from "node:fs";

/**
 * Every live process below `pid`, from the parent links in /proc (Linux): what a stop by pid must also end.
 * @param {number} pid
 * @returns {number[]}
 */
export function descendants(pid) {
  /** @type {Map<number, number[]>} */
  const children = new Map();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let stat;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue; // exited while listing
    }
    // The command name (field 2) is in parentheses and may hold spaces; the parent pid follows the state.
    const [state, ppidText] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (state === "Z") continue; // exited, waiting for a parent (or an init that may never come) to reap it
    const ppid = Number(ppidText);
    children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
  }
  /** @type {number[]} */
  const found = [];
  const queue = [pid];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    for (const child of children.get(next) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

/**
 * Whether a process with this pid still runs. Signal 0 checks that the pid exists without signalling it;
 * on Linux a zombie (exited, not yet reaped) also exists, and an orphan's zombie lasts until the
 * container's pid 1 reaps it, which some never do promptly, so /proc's state decides.
 * @param {number} pid
 * @returns {boolean}
 */
export function isAlive(pid) {
  try {
    process.kill(pid, 0);
  } catch (e) {
    if (/** @type {NodeJS.ErrnoException} */ (e).code === "ESRCH") return false;
    throw e;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return process.platform !== "linux"; // no /proc to ask: the signal said it exists
  }
}
