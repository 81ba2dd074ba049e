import { readFileSync } from "node:fs";

/** Linux's USER_HZ: the unit of utime and stime in /proc/<pid>/stat (100 on every mainstream kernel). */
const TICKS_PER_SECOND = 100;

/**
 * CPU time (user + system, all threads) a process has used so far, in ms, from /proc/<pid>/stat; undefined
 * where there is no /proc (macOS, Windows) or the process is gone. Why the bench reads it: on a shared
 * machine throughput moves with everything else that runs, while the CPU time a server spends per call
 * or per MiB moves much less.
 */
export function processCpuMs(pid: number): number | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return undefined;
  }
  return parseStatCpuMs(stat);
}

/** utime + stime of a /proc/<pid>/stat line, in ms; the command name in parentheses may hold spaces. */
export function parseStatCpuMs(stat: string): number | undefined {
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // Fields 14 and 15 of the line; the rest after ")" starts at field 3.
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) return undefined;
  return ((utime + stime) * 1000) / TICKS_PER_SECOND;
}
