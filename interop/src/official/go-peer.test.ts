// The Go peer plumbing with stand-in `go` and server executables: bounded builds, clear errors, no Go needed.
import assert from "node:assert/strict";
import { chmod, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { ensureGoPeers, findGo, GO_NOT_FOUND, goCacheDir, GRPC_GO_VERSION, startGoServer } from "./go-peer.js";

describe("go peers", { skip: process.platform === "win32" ? "the stand-in executables are shell scripts" : false }, () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "polyrpc-go-peer-"));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  async function script(name: string, body: string): Promise<string> {
    const path = join(dir, name);
    await writeFile(path, `#!/bin/sh\n${body}\n`);
    await chmod(path, 0o755);
    return path;
  }

  it("findGo looks on PATH only", async () => {
    const bin = join(dir, "bin");
    await rm(bin, { recursive: true, force: true });
    await import("node:fs/promises").then((fs) => fs.mkdir(bin));
    assert.equal(findGo({ PATH: "" }), undefined);
    assert.equal(findGo({ PATH: `${join(dir, "nowhere")}:${bin}` }), undefined);
    await writeFile(join(bin, "go"), "#!/bin/sh\n");
    assert.equal(findGo({ PATH: bin }), undefined, "not executable");
    await chmod(join(bin, "go"), 0o755);
    assert.equal(findGo({ PATH: `${join(dir, "nowhere")}:${bin}` }), join(bin, "go"));
    assert.equal(GO_NOT_FOUND, "go not found on PATH: official interop peers need Go");
  });

  it("the cache folder is $POLYRPC_GO_CACHE, else under the OS temp folder (outside the repo)", () => {
    assert.equal(goCacheDir({ POLYRPC_GO_CACHE: "/somewhere" }), "/somewhere");
    assert.equal(goCacheDir({}), join(tmpdir(), "polyrpc-go"));
  });

  it("a failed go install rejects with the tool's output and leaves no staging folder", async () => {
    const go = await script("go-fails", `echo "go: module lookup disabled by GOPROXY=off" >&2\nexit 1`);
    const cacheDir = join(dir, "cache-fail");
    await assert.rejects(
      ensureGoPeers({ go, cacheDir }),
      new RegExp(`go install of grpc-go ${GRPC_GO_VERSION} interop client and server failed \\(exit 1\\):\\ngo: module lookup disabled by GOPROXY=off`),
    );
    assert.deepEqual(await readdir(cacheDir), []);
  });

  it("a go install past its time limit is killed and rejects", async () => {
    const go = await script("go-hangs", "sleep 30");
    const started = Date.now();
    await assert.rejects(ensureGoPeers({ go, cacheDir: join(dir, "cache-hang"), timeoutMs: 300 }), /did not finish within 300 ms and was killed/);
    assert.ok(Date.now() - started < 5000, "bounded by the timeout");
  });

  it("installs with GOBIN into the cache, then reuses the binaries without running go again", async () => {
    const go = await script(
      "go-ok",
      `[ "$1" = install ] || exit 2\nprintf '#!/bin/sh\\n' > "$GOBIN/client"\nprintf '#!/bin/sh\\n' > "$GOBIN/server"\necho "$2 $3 GOWORK=$GOWORK GOTOOLCHAIN=$GOTOOLCHAIN" > "${dir}/go-ok.args"`,
    );
    const cacheDir = join(dir, "cache-ok");
    const first = await ensureGoPeers({ go, cacheDir });
    assert.equal(first.built, true);
    assert.equal(first.client, join(cacheDir, `grpc-go-${GRPC_GO_VERSION}-${process.platform}-${process.arch}`, "client"));
    const args = await import("node:fs/promises").then((fs) => fs.readFile(join(dir, "go-ok.args"), "utf8"));
    assert.equal(
      args.trim(),
      `google.golang.org/grpc/interop/client@${GRPC_GO_VERSION} google.golang.org/grpc/interop/server@${GRPC_GO_VERSION} GOWORK=off GOTOOLCHAIN=local`,
    );
    const failing = await script("go-would-fail", "exit 1");
    // Once per process and cache folder: the same answer, go not run again.
    assert.equal(await ensureGoPeers({ go: failing, cacheDir }), first);
    // A new process finds the binaries on disk (another spelling of the folder is another memo key).
    const fromDisk = await ensureGoPeers({ go: failing, cacheDir: `${cacheDir}/.` });
    assert.equal(fromDisk.built, false);
    assert.equal(fromDisk.server, first.server);
  });

  it("a server that exits before listening is reported with its output", async () => {
    const server = await script("server-exits", `echo "listen tcp :0: bind: permission denied" >&2\nexit 1`);
    await assert.rejects(startGoServer(server, 5000), /grpc-go interop server exited \(1\) before it listened:\n.*bind: permission denied/);
  });

  it("a server that never reports its port is killed after the bounded wait", async () => {
    const server = await script("server-silent", "exec sleep 30");
    const started = Date.now();
    await assert.rejects(startGoServer(server, 300), /did not report its port within 300 ms/);
    assert.ok(Date.now() - started < 5000);
  });
});
