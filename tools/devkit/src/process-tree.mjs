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
    const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
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
 * Whether a process with this pid exists (signal 0 checks without signalling).
 * @param {number} pid
 * @returns {boolean}
 */
export function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    if (/** @type {NodeJS.ErrnoException} */ (e).code === "ESRCH") return false;
    throw e;
  }
}
