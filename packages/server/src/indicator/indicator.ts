import type { ServiceImpl } from "@polyrpc/grpc";
import type { Indicator } from "@polyrpc/stubs";
import { parseDateRange } from "./date-range.js";
import { computeMacd } from "./macd.js";
import type { OhlcBar } from "./ohlc.js";
import { mapDomainError } from "../map-domain-error.js";

/**
 * Indicator.GetMACD over a daily OHLC series: MACD (EMA12 - EMA26), signal (EMA9 of MACD) and histogram,
 * computed over the whole series and returned for the trading days in [start_date, end_date]. Bad or
 * reversed dates answer INVALID_ARGUMENT.
 */
export function createIndicator(series: () => Promise<readonly OhlcBar[]>): ServiceImpl<typeof Indicator> {
  return {
    async getMACD(request) {
      try {
        const range = parseDateRange(request.startDate, request.endDate);
        return { macd: computeMacd(await series(), range) };
      } catch (e) {
        throw mapDomainError(e);
      }
    },
  };
}
