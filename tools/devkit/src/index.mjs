// @polyrpc/devkit: the workspace's own tooling (tests, interop, bench, e2e, root scripts). Private, never
// published: a published package may use it in its tests only (a devDependency).

// Processes: start, wait for a line or a port, stop by pid, collect output.
export { runOk, runProcess } from "./run-process.mjs";
export { startProcess } from "./start-process.mjs";
export { startListening } from "./listening-process.mjs";
export { hasExited, killProcess, stopProcess, within } from "./stop-process.mjs";
export { acceptsConnections, waitForPort } from "./wait-for-port.mjs";
export { descendants, isAlive } from "./process-tree.mjs";
export { TailBuffer } from "./tail-buffer.mjs";
export { userEnv } from "./user-env.mjs";
export { seedServerCommand, seedServerImpls, startAddressServer, startSeedServer } from "./seed-server.mjs";
export { buildGoCached, duration, findGo, goCacheDir } from "./go-toolchain.mjs";

// The workspace and its release.
export { repoRoot } from "./repo-root.mjs";
export { pnpmCommand, publicPackages } from "./workspace.mjs";
export { buildWheel } from "./build-wheel.mjs";
export { pythonPackages, setProjectVersion, syncPythonVersion, toPythonVersion } from "./sync-python-version.mjs";

// Test helpers.
export { makeTestCertificates } from "./test-certs.mjs";
export { runReadmeExample } from "./readme-example.mjs";

/** @typedef {import("./run-process.mjs").ProcessResult} ProcessResult */
/** @typedef {import("./run-process.mjs").RunOptions} RunOptions */
/** @typedef {import("./start-process.mjs").RunningProcess} RunningProcess */
/** @typedef {import("./start-process.mjs").StartOptions} StartOptions */
/** @typedef {import("./start-process.mjs").FoundLine} FoundLine */
/** @typedef {import("./start-process.mjs").WaitError} WaitError */
/** @typedef {import("./listening-process.mjs").ListeningProcess} ListeningProcess */
/** @typedef {import("./listening-process.mjs").ListeningOptions} ListeningOptions */
/** @typedef {import("./seed-server.mjs").SeedServer} SeedServer */
/** @typedef {import("./seed-server.mjs").SeedServerImpl} SeedServerImpl */
/** @typedef {import("./go-toolchain.mjs").GoBuildSpec} GoBuildSpec */
/** @typedef {import("./go-toolchain.mjs").GoBinaries} GoBinaries */
/** @typedef {import("./workspace.mjs").PublicPackage} PublicPackage */
/** @typedef {import("./test-certs.mjs").TestCertificates} TestCertificates */
/** @typedef {import("./readme-example.mjs").ReadmeExampleRun} ReadmeExampleRun */
