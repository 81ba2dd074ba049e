import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { ChunkError, reassembleChunks } from "../reassemble-chunks.js";
import { UserError } from "@polyrpc/cli-kit";
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
    let png: Uint8Array;
    try {
      png = await reassembleChunks(clients.indicatorGraph.getMACDGraph({ startDate, endDate }, { timeoutMs: DEMO_CALL_TIMEOUT_MS }));
    } catch (e) {
      throw e instanceof ChunkError ? new UserError(e.message) : e;
    }
    const path = resolve(cwd, out);
    try {
      await writeFile(path, png);
    } catch (e) {
      throw new UserError(`cannot write ${path}: ${(e as Error).message}`);
    }
  },
};
