import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { startListening } from "./listening-process.mjs";
import { acceptsConnections } from "./wait-for-port.mjs";

const node = process.execPath;
// A server that listens on 127.0.0.1 port 0, prints `line` (a JS expression), and closes on SIGTERM.
/** @param {string} line */
const server = (line) =>
  `const s = require("node:net").createServer((c) => c.end()); s.listen(0, "127.0.0.1", () => console.log(${line})); process.on("SIGTERM", () => s.close(() => process.exit(0)));`;

describe("startListening", () => {
  it("reads a port, waits until it accepts connections, and stops the server by pid", async () => {
    const proc = await startListening(node, ["-e", server('"listening on " + s.address().port')], {
      label: "the test server",
      portPattern: /^listening on (\d+)$/,
      timeoutMs: 10_000,
    });
    assert.equal(proc.target, `127.0.0.1:${proc.port}`);
    assert.ok(await acceptsConnections(proc.port));
    await proc.stop();
    assert.equal(await acceptsConnections(proc.port), false);
  });

  it("takes host:port as printed", async () => {
    const proc = await startListening(node, ["-e", server('"listening on 127.0.0.1:" + s.address().port')], {
      label: "the test server",
      portPattern: /^listening on (.+:\d+)$/,
      timeoutMs: 10_000,
      connect: false,
    });
    try {
      assert.equal(proc.target, `127.0.0.1:${proc.port}`);
      assert.deepEqual(proc.lines, [`listening on ${proc.target}`]);
    } finally {
      await proc.stop();
    }
  });

  it("rejects, with the process's output, when it exits first or prints no port in time", async () => {
    await assert.rejects(
      startListening(node, ["-e", 'console.error("bind: permission denied"); process.exit(1)'], {
        label: "the test server",
        portPattern: /^listening on (\d+)$/,
        timeoutMs: 10_000,
      }),
      /^Error: the test server exited \(1\) before it listened:\nbind: permission denied$/,
    );
    await assert.rejects(
      startListening(node, ["-e", "setInterval(() => {}, 1000)"], { label: "the test server", portPattern: /^listening on (\d+)$/, timeoutMs: 200 }),
      /^Error: the test server did not report its port within 200 ms:/,
    );
    await assert.rejects(
      startListening("/no/such/server", [], { label: "the test server", portPattern: /x/, timeoutMs: 1000 }),
      /^Error: cannot start the test server \/no\/such\/server: spawn \/no\/such\/server ENOENT$/,
    );
  });
});
