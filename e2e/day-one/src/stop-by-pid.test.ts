import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { acceptsConnections, descendants, isAlive, repoRoot, startInBackground, userEnv } from "./processes.js";

// Every way the README starts a server, as a script or supervisor would: in the background, then signalled by pid.
// Each with the line it prints once it accepts connections, whose first group is the port.
const listening = /^listening on 127\.0\.0\.1:(\d+)$/;
const servers: Record<string, [string, RegExp]> = {
  "./dev.sh serve --impl ts": ["./dev.sh serve --impl ts --port 0", listening],
  "./dev.sh serve --impl py": ["./dev.sh serve --impl py --port 0", listening],
  "./dev.sh serve --impl py-aio": ["./dev.sh serve --impl py-aio --port 0", listening],
  "polyrpc-server": ["node packages/server/bin/polyrpc-server.js --port 0", listening],
  // The dashboard: its build (cached by then), both servers and the page; all must go.
  "./dev.sh dashboard": ["./dev.sh dashboard --port 0", /^dashboard on http:\/\/127\.0\.0\.1:(\d+)\/$/],
};

describe("a server started in the background", () => {
  for (const [name, [command, ready]] of Object.entries(servers)) {
    for (const signal of ["SIGTERM", "SIGINT"] as const) {
      it(`${name} stops gracefully, with every process it started, on ${signal} to its pid`, async () => {
        const job = await startInBackground(command, repoRoot, userEnv());
        let children: number[] = [];
        try {
          const port = Number((await job.waitForLine(ready))[1]);
          assert.ok(await acceptsConnections(port), `${name} accepts connections on ${port}`);
          children = descendants(job.pid);
          process.kill(job.pid, signal);
          // The shell's `wait` gives the job's exit code: 0 after the server's graceful shutdown.
          assert.equal(await job.exited, 0, job.output());
          assert.equal(await acceptsConnections(port), false, `port ${port} is closed`);
          assert.deepEqual([job.pid, ...children].filter(isAlive), [], `no process is left of ${name}`);
        } finally {
          job.kill(children);
        }
      });
    }
  }
});
