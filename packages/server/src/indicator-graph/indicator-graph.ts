import type { ServiceImpl } from "@polyrpc/grpc";
import type { IndicatorGraph } from "@polyrpc/stubs";
import { chunkFile, validateGraphRequest } from "./chunk.js";
import { parseDateRange } from "../indicator/date-range.js";
import { computeMacd } from "../indicator/macd.js";
import type { OhlcBar } from "../indicator/ohlc.js";
import { renderMacdChart } from "./render-macd-chart.js";
import { mapDomainError } from "../map-domain-error.js";

/**
 * IndicatorGraph.GetMACDGraph: renders the MACD chart of [start_date, end_date] as a PNG and streams it
 * in chunks (64 KiB unless the request sets chunk_size), each with its offset and the file's size, the
 * last one with the file's SHA-256. Bad dates or sizes answer INVALID_ARGUMENT before any chunk.
 */
export function createIndicatorGraph(series: () => Promise<readonly OhlcBar[]>): ServiceImpl<typeof IndicatorGraph> {
  return {
    async *getMACDGraph(request, ctx) {
      let png: Uint8Array;
      let chunkSize: number;
      try {
        const range = parseDateRange(request.startDate, request.endDate);
        const sizes = validateGraphRequest({ chunkSize: request.chunkSize, width: request.width, height: request.height });
        chunkSize = sizes.chunkSize;
        const rows = computeMacd(await series(), range);
        png = await renderMacdChart(rows, { width: sizes.width, height: sizes.height, title: "MACD (12, 26, 9)" });
      } catch (e) {
        throw mapDomainError(e);
      }
      for (const chunk of chunkFile(png, chunkSize)) {
        if (ctx.signal.aborted) return;
        yield {
          macdChunk: chunk.chunk,
          offset: BigInt(chunk.offset),
          totalSize: BigInt(chunk.totalSize),
          sha256: chunk.sha256 ?? new Uint8Array(0),
        };
      }
    },
  };
}
