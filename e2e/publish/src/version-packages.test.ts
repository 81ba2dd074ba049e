import assert from "node:assert/strict";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, before, describe, it } from "node:test";
import { setProjectVersion, toPythonVersion } from "@polyrpc/devkit";
import { publicPackages, repoRoot, runOk } from "./workspace.js";

const pyprojectPath = join(repoRoot, "packages", "stubs-py", "pyproject.toml");

describe("toPythonVersion", () => {
  it("keeps a release version and spells npm pre-releases the PEP 440 way", () => {
    assert.equal(toPythonVersion("0.1.0"), "0.1.0");
    assert.equal(toPythonVersion("12.3.40"), "12.3.40");
    assert.equal(toPythonVersion("1.2.0-alpha.0"), "1.2.0a0");
    assert.equal(toPythonVersion("1.2.0-beta.3"), "1.2.0b3");
    assert.equal(toPythonVersion("1.2.0-rc.12"), "1.2.0rc12");
  });

  it("rejects a version Python cannot order the same way, naming it", () => {
    for (const version of ["1.2.0-next.0", "1.2.0+build.5", "1.2", "v1.2.0", "1.2.0-rc"]) {
      assert.throws(() => toPythonVersion(version), new RegExp(`cannot express npm version "${version.replace(/[.+]/g, "\\$&")}"`));
    }
  });
});

describe("setProjectVersion", () => {
  it("changes only the version line of the real pyproject.toml's [project] table", () => {
    const before = readFileSync(pyprojectPath, "utf8");
    const after = setProjectVersion(before, "9.8.7rc1");
    const changed = after.split("\n").filter((line, i) => line !== before.split("\n")[i]);
    assert.deepEqual(changed, ['version = "9.8.7rc1"']);
    assert.equal(after.split("\n").length, before.split("\n").length);
  });

  it("leaves a version key of another table alone", () => {
    const text = '[project]\nname = "x"\nversion = "1.0.0"\n\n[tool.other]\nversion = "5"\n';
    assert.equal(setProjectVersion(text, "2.0.0"), '[project]\nname = "x"\nversion = "2.0.0"\n\n[tool.other]\nversion = "5"\n');
  });

  it("refuses a file without a [project] version rather than guessing where to put one", () => {
    assert.throws(() => setProjectVersion('[tool.other]\nversion = "5"\n', "1.0.0"), /no \[project\] table/);
    assert.throws(() => setProjectVersion('[project]\nname = "x"\n\n[tool.other]\nversion = "5"\n', "1.0.0"), /no version = "\.\.\." line/);
  });
});

describe("pnpm version-packages", () => {
  let dir: string;
  // Every file changesets and the sync script read, so the run sees this workspace exactly.
  const workspaceFiles = () => [
    "package.json",
    "pnpm-workspace.yaml",
    ".changeset/config.json",
    ".changeset/README.md",
    "packages/stubs-py/pyproject.toml",
    "packages/grpc-py/pyproject.toml",
    "scripts/sync-python-version.mjs",
    ...workspacePackageDirs().map((dir) => `${dir}/package.json`),
  ];

  before(() => {
    dir = mkdtempSync(join(tmpdir(), "polyrpc-version-packages-"));
    for (const file of workspaceFiles()) cpSync(join(repoRoot, file), join(dir, file));
    // changesets loads its changelog generator from the workspace's node_modules.
    symlinkSync(join(repoRoot, "node_modules"), join(dir, "node_modules"), "dir");
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it("bumps every public package to one version for a minor change to one of them, and the wheel with them", async () => {
    const manifestsBefore = Object.fromEntries(
      workspaceFiles()
        .filter((f) => f.endsWith("package.json"))
        .map((f) => [f, readJson(join(dir, f))]),
    );
    const current = publicPackages()[0]!.version;
    const [major, minor] = current.split(".").map(Number);
    const next = `${major}.${minor! + 1}.0`;
    // A minor change to @polyrpc/client, codegen's optional peer: without the config's
    // onlyUpdatePeerDependentsWhenOutOfRange this would bump the whole fixed group to a new major.
    writeFileSync(join(dir, ".changeset", "call-retries.md"), '---\n"@polyrpc/client": minor\n---\n\n`polyrpc call` retries UNAVAILABLE.\n');

    const script = readJson(join(repoRoot, "package.json")).scripts["version-packages"] as string;
    const result = await runOk("sh", ["-c", script], {
      cwd: dir,
      env: { ...process.env, PATH: `${join(repoRoot, "node_modules", ".bin")}:${process.env["PATH"]}` },
    });
    assert.match(result.stdout, new RegExp(`polyrpc-stubs is now ${next.replace(/\./g, "\\.")} \\(@polyrpc/stubs ${next.replace(/\./g, "\\.")}\\)`));
    assert.match(result.stdout, new RegExp(`polyrpc: polyrpc is now ${next.replace(/\./g, "\\.")} \\(@polyrpc/stubs ${next.replace(/\./g, "\\.")}\\)`));

    const names = publicPackages().map((p) => p.name);
    assert.deepEqual(names.sort(), [
      "@polyrpc/cli-kit",
      "@polyrpc/client",
      "@polyrpc/codegen",
      "@polyrpc/grpc",
      "@polyrpc/server",
      "@polyrpc/stubs",
      "@polyrpc/stubs-classic",
      "@polyrpc/web",
    ]);
    for (const [file, manifest] of Object.entries(manifestsBefore)) {
      const after = readJson(join(dir, file));
      if (manifest.private === true) {
        assert.equal(after.version, manifest.version, `${file}: a private package keeps its version`);
      } else {
        assert.equal(after.version, next, `${file}: ${manifest.name} is in the fixed group`);
        assert.match(readFileSync(join(dir, dirname(file), "CHANGELOG.md"), "utf8"), new RegExp(`^## ${next.replace(/\./g, "\\.")}$`, "m"));
      }
    }
    assert.match(readFileSync(join(dir, "packages/client/CHANGELOG.md"), "utf8"), /### Minor Changes\n\n- `polyrpc call` retries UNAVAILABLE\./);
    for (const pyproject of ["packages/stubs-py/pyproject.toml", "packages/grpc-py/pyproject.toml"]) {
      assert.match(readFileSync(join(dir, pyproject), "utf8"), new RegExp(`^version = "${next.replace(/\./g, "\\.")}"$`, "m"), pyproject);
    }
    assert.ok(!existsSync(join(dir, ".changeset", "call-retries.md")), "the changeset is consumed");
    assert.ok(existsSync(join(dir, ".changeset", "README.md")), "the README is not taken for a changeset");
  });
});

/** The package folders pnpm-workspace.yaml lists (entries are folders, or `parent/*`), relative to the root. */
function workspacePackageDirs(): string[] {
  const yaml = readFileSync(join(repoRoot, "pnpm-workspace.yaml"), "utf8");
  const entries = [...yaml.matchAll(/^\s*-\s*"([^"]+)"\s*$/gm)].map((m) => m[1]!);
  assert.ok(entries.length > 0, "pnpm-workspace.yaml lists packages");
  return entries
    .flatMap((entry) => {
      if (!entry.endsWith("/*")) return [entry];
      const parent = entry.slice(0, -2);
      if (!existsSync(join(repoRoot, parent))) return []; // a listed folder may not exist yet (apps/)
      return readdirSync(join(repoRoot, parent), { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => `${parent}/${d.name}`);
    })
    .filter((dir) => existsSync(join(repoRoot, dir, "package.json")));
}

// biome-ignore lint/suspicious/noExplicitAny: package.json and changeset files of any shape; the tests assert on the fields they read.
function readJson(file: string): any {
  return JSON.parse(readFileSync(file, "utf8"));
}
