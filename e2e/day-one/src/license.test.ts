import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { repoRoot } from "./processes.js";

/** Every folder under packages/ whose package.json is not private: what `pnpm release` publishes. */
function publishedPackages(): string[] {
  return readdirSync(join(repoRoot, "packages"))
    .map((name) => join(repoRoot, "packages", name))
    .filter((dir) => existsSync(join(dir, "package.json")) && JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).private !== true);
}

describe("licensing", () => {
  const license = readFileSync(join(repoRoot, "LICENSE"), "utf8");

  it("has the Apache License 2.0 text at the root", () => {
    assert.match(license, /^\s+Apache License\n\s+Version 2\.0, January 2004\n/);
    assert.match(license, /END OF TERMS AND CONDITIONS/);
  });

  it("ships the same LICENSE in every published package, whose manifests say Apache-2.0", () => {
    const packages = publishedPackages();
    assert.ok(packages.length >= 5, `found ${packages.length} published packages`);
    for (const dir of packages) {
      assert.equal(readFileSync(join(dir, "LICENSE"), "utf8"), license, `${dir}/LICENSE is the root's`);
      assert.equal(JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).license, "Apache-2.0", `${dir}/package.json`);
    }
  });

  it("has a CONTRIBUTING.md that says how to set up, test, add a changeset and add a proto", () => {
    const contributing = readFileSync(join(repoRoot, "CONTRIBUTING.md"), "utf8");
    for (const topic of ["./dev.sh test", "changeset", "proto/", "./dev.sh gen"]) assert.ok(contributing.includes(topic), `CONTRIBUTING.md mentions ${topic}`);
  });
});
