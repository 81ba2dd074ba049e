import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseStatCpuMs, processCpuMs } from "./process-cpu.js";

describe("processCpuMs", () => {
  it("adds utime and stime (fields 14 and 15) in ms, also when the command name has spaces and parentheses", () => {
    const line = "4242 (node (bench) x) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 75 0 0 20 0 11 0 100 0 0";
    assert.equal(parseStatCpuMs(line), 3250);
    assert.equal(parseStatCpuMs("garbage"), undefined);
  });
  it("reads this process's own CPU time where /proc exists", (t) => {
    if (process.platform !== "linux") {
      t.skip("no /proc on this platform");
      return;
    }
    const ms = processCpuMs(process.pid);
    assert.ok(ms !== undefined && ms > 0, String(ms));
    assert.equal(processCpuMs(2 ** 22 + 7), undefined, "a pid that does not exist");
  });
});
