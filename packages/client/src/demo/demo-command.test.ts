import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { run } from "../testdata/run-command.js";

describe("polyrpc demo options", () => {
  it("prints help listing every service and option", async () => {
    const r = await run("demo", ["--help"]);
    assert.equal(r.code, 0);
    for (const word of [
      "greeter",
      "firstmsg",
      "routeguide",
      "contact",
      "indicator",
      "indicator_graph",
      "--target",
      "--rounds",
      "--seconds",
      "--start-date",
      "--end-date",
      "--out",
      "-h, --help",
    ]) {
      assert.ok(r.stdout.includes(word), word);
    }
  });

  it("explains a missing or unknown service and options that do not apply", async () => {
    const services = "greeter, firstmsg, routeguide, contact, indicator, indicator_graph";
    const cases: [string[], string][] = [
      [[], `polyrpc: demo: which service? One of ${services} (see polyrpc demo --help)\n`],
      [["chat"], `polyrpc: demo: unknown service "chat"; services are ${services}\n`],
      [["greeter", "extra"], 'polyrpc: demo: unexpected argument "extra"\n'],
      [["greeter", "--rounds", "2"], "polyrpc: demo greeter: --rounds applies to contact only\n"],
      [["contact", "--out", "x.png"], "polyrpc: demo contact: --out applies to indicator_graph only\n"],
      [["routeguide", "--start-date", "2023-01-01"], "polyrpc: demo routeguide: --start-date applies to indicator and indicator_graph only\n"],
      [["contact", "--rounds", "0"], 'polyrpc: demo contact: --rounds takes a whole number of rounds (at least 1), got "0"\n'],
      [["contact", "--rounds", "two"], 'polyrpc: demo contact: --rounds takes a whole number of rounds (at least 1), got "two"\n'],
      [["contact", "--seconds", "-1"], 'polyrpc: demo: --seconds needs a value, got "-1"; write --seconds=-1 if that is the value (see polyrpc demo --help)\n'],
      [["contact", "--seconds", "0"], 'polyrpc: demo contact: --seconds takes a positive number of seconds, got "0"\n'],
      [["greeter", "--target", ""], 'polyrpc: demo: invalid --target "": Could not parse target name ""\n'],
      [["greeter", "--port", "1"], "polyrpc: demo: unknown option --port (see polyrpc demo --help)\n"],
    ];
    for (const [argv, stderr] of cases) {
      assert.deepEqual(await run("demo", argv), { code: 1, stdout: "", stderr }, argv.join(" "));
    }
  });
});
