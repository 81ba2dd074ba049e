import { createHash } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { UserError } from "../user-error.js";
import { DEMO_CALL_TIMEOUT_MS, type Demo } from "./demo.js";

/**
 * The seed "用gRPC封装python数据分析" (IndicatorGraph): streams the MACD chart of a date range as PNG
 * chunks and writes the file to --out. Like the Python port, it checks each chunk's offset, the total
 * size and the SHA-256 before writing anything, so a broken transfer leaves no file behind.
 */
export const indicatorGraphDemo: Demo = {
  name: "indicator_graph",
  defaultTarget: "localhost:50051",
  summary: "streams the MACD chart from /idc.IndicatorGraph/GetMACDGraph and writes the PNG to --out",
  options: ["start-date", "end-date", "out"],
  async run({ clients, print, cwd, startDate, endDate, out }) {
    print("indicator client received: ");
    const chunks: Uint8Array[] = [];
    let received = 0;
    let totalSize = 0n;
    let digest: Uint8Array = new Uint8Array();
    for await (const response of clients.indicatorGraph.getMACDGraph({ startDate, endDate }, { timeoutMs: DEMO_CALL_TIMEOUT_MS })) {
      if (response.offset !== BigInt(received)) throw new UserError(`chunk at offset ${response.offset}, expected ${received}`);
      chunks.push(response.macdChunk);
      received += response.macdChunk.length;
      totalSize = response.totalSize;
      if (response.sha256.length > 0) digest = response.sha256;
    }
    const png = Buffer.concat(chunks);
    if (BigInt(png.length) !== totalSize || !createHash("sha256").update(png).digest().equals(digest)) {
      throw new UserError(`received ${png.length} of ${totalSize} bytes, or a SHA-256 mismatch`);
    }
    const path = resolve(cwd, out);
    try {
      await writeFile(path, png);
    } catch (e) {
      throw new UserError(`cannot write ${path}: ${(e as Error).message}`);
    }
  },
};
