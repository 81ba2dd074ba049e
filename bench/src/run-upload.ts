import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { runProcess } from "@polyrpc/devkit";
import type { UPLOAD_CLIENTS } from "./scenarios.js";

const distDir = fileURLToPath(new URL(".", import.meta.url));

/** One measured upload: the client's rate and its own CPU per MiB. */
export interface UploadRun {
  mibPerSecond: number;
  cpuMsPerMiB: number;
}

/**
 * Runs one upload client (src/clients/upload-client.ts, in its own Node process) against `target`: a
 * warm-up upload, then `totalBytes` in `chunkBytes` requests. Rejects with its error output when it fails,
 * and kills it (by pid) after `timeoutMs`.
 */
export async function runUpload(
  client: (typeof UPLOAD_CLIENTS)[number],
  target: string,
  upload: { totalBytes: number; chunkBytes: number },
  timeoutMs: number,
): Promise<UploadRun> {
  const script = join(distDir, "clients", "upload-client.js");
  const result = await runProcess(process.execPath, [script, client, target, String(upload.totalBytes), String(upload.chunkBytes)], { timeoutMs });
  if (result.timedOut) throw new Error(`the ${client} upload client did not finish within ${timeoutMs} ms and was killed`);
  if (result.code !== 0) throw new Error(`the ${client} upload client failed (exit ${result.code ?? result.signal}): ${result.stderr.trim()}`);
  const report = JSON.parse(result.stdout) as { bytes: number; seconds: number; cpuMs: number };
  const mib = report.bytes / 2 ** 20;
  return { mibPerSecond: mib / report.seconds, cpuMsPerMiB: report.cpuMs / mib };
}
