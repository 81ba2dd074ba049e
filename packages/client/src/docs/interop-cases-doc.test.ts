// Runs the examples of docs/interop-cases.md: its From code example, and its seed-cases.yaml against the TypeScript seed services and
// the Python ones (interop/python's serve_all, as `./dev.sh serve --impl py` starts it), both on 127.0.0.1
// port 0 in place of the guide's 50051 and 50052, and compares the printed table with the guide's.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { repoRoot, startSeedServer as startSeedProcess, type SeedServer as SeedProcess } from "@polyrpc/devkit";
import { startSeedServer, type SeedServer } from "../testdata/seed-server.js";
import { run } from "../testdata/run-command.js";

const guide = readFileSync(join(repoRoot, "docs", "interop-cases.md"), "utf8");
const example = /<!-- seed-cases\.yaml:[^\n]*-->\n```yaml\n(.*?)^```$/ms.exec(guide)?.[1];
const fromCode = /^```ts\n(.*?)^```$/ms.exec(guide)?.[1];
const printed = /^It prints \(exit status 0\):\n\n```text\n(.*?)^```$/ms.exec(guide)?.[1];

describe("docs/interop-cases.md", () => {
  let ts: SeedServer;
  let py: SeedProcess;
  before(async () => {
    ts = await startSeedServer();
    py = await startSeedProcess("py", ["--host", "127.0.0.1", "--port", "0", "--push-interval", "1"]);
  });
  after(async () => {
    await ts?.close();
    await py?.stop();
  });

  it("has the example case file and its output", () => {
    assert.ok(example !== undefined && printed !== undefined, "the guide has a seed-cases.yaml block and an 'It prints' block");
  });

  it("the example passes against the TypeScript and Python seed servers and prints the guide's table", async () => {
    const dir = mkdtempSync(join(tmpdir(), "polyrpc-interop-doc-"));
    writeFileSync(join(dir, "seed-cases.yaml"), example!);
    const r = await run("interop", ["--cases", "seed-cases.yaml", "--server", `ts=${ts.target}`, "--server", `py=${py.target}`, "--clients", "ts"], {
      cwd: dir,
    });
    assert.equal(r.stderr, "");
    assert.equal(r.stdout, printed);
    assert.equal(r.code, 0);
  });

  it("the example passes with the Python server as the reference, its schema from the Python server's reflection", async () => {
    const dir = mkdtempSync(join(tmpdir(), "polyrpc-interop-doc-"));
    writeFileSync(join(dir, "seed-cases.yaml"), example!);
    const r = await run(
      "interop",
      ["--cases", "seed-cases.yaml", "--server", `ts=${ts.target}`, "--server", `py=${py.target}`, "--reference", "py", "--clients", "ts"],
      { cwd: dir },
    );
    assert.equal(r.code, 0, r.stdout);
    assert.match(r.stdout, /10 passed, 0 failed \(reference: py\)/);
  });

  it("the example passes with the Python client too: TypeScript and Python clients against both servers", async () => {
    const dir = mkdtempSync(join(tmpdir(), "polyrpc-interop-doc-"));
    writeFileSync(join(dir, "seed-cases.yaml"), example!);
    const python = join(repoRoot, ".venv", "bin", "python");
    const r = await run(
      "interop",
      ["--cases", "seed-cases.yaml", "--server", `ts=${ts.target}`, "--server", `py=${py.target}`, "--clients", "ts,py", "--python", python],
      { cwd: dir },
    );
    assert.equal(r.stderr, "");
    assert.match(r.stdout, /^case\s+ts server × ts client\s+ts server × py client\s+py server × ts client\s+py server × py client$/m);
    assert.match(r.stdout, /20 passed, 0 failed \(reference: ts\)/);
    assert.equal(r.code, 0);
  });

  it("the From code example runs, prints the table and writes the report and JUnit files", async () => {
    const dir = mkdtempSync(join(tmpdir(), "polyrpc-interop-doc-"));
    writeFileSync(join(dir, "cases.yaml"), example!);
    const index = pathToFileURL(join(repoRoot, "packages", "client", "src", "index.ts")).href;
    const code = fromCode!.replace('"@polyrpc/client"', JSON.stringify(index)).replace("127.0.0.1:50051", py.target).replace("127.0.0.1:50052", ts.target);
    writeFileSync(join(dir, "example.mts"), code);
    const { stdout } = await promisify(execFile)(process.execPath, ["--import", import.meta.resolve("tsx"), join(dir, "example.mts")], { cwd: dir });
    assert.match(stdout, /^case\s+py server × ts client\s+ts server × ts client$/m);
    assert.match(stdout, /10 passed, 0 failed \(reference: py\)/);
    const report = JSON.parse(readFileSync(join(dir, "report", "cases-report.json"), "utf8")) as { ok: boolean; cells: unknown[] };
    assert.equal(report.ok, true);
    assert.equal(report.cells.length, 10);
    assert.match(readFileSync(join(dir, "report", "junit.xml"), "utf8"), /<testsuites name="polyrpc interop" tests="10" failures="0"/);
  });
});
