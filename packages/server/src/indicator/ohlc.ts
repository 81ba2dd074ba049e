import { readFile } from "node:fs/promises";

import { isIsoDate } from "./iso-date.js";

/** One trading day of the price series. */
export interface OhlcBar {
  /** Trading day, `YYYY-MM-DD`. */
  readonly date: string;
  /** Opening price. */
  readonly open: number;
  /** Highest price of the day. */
  readonly high: number;
  /** Lowest price of the day. */
  readonly low: number;
  /** Closing price; the MACD is computed from this column. */
  readonly close: number;
}

/**
 * The series shipped with the package (synthetic and deterministic, made by
 * `scripts/make-ohlc.mjs`). Resolved against this module so it works both from `src/indicator/`
 * under tsx and from `dist/indicator/` once built: both sit two levels below the package root,
 * and `data/` is in the published `files`.
 */
export const DEFAULT_OHLC_URL: URL = new URL("../../data/ohlc-synthetic.csv", import.meta.url);

const HEADER = "date,open,high,low,close";
// A plain decimal, as the data file writes it. Stricter than Number(), which would also accept
// "", " 1", "0x10", "1e3" and "Infinity" and so hide a corrupted file.
const DECIMAL = /^-?[0-9]+(\.[0-9]+)?$/;

// The default series never changes while the process runs, so every request shares one read.
let defaultSeries: Promise<readonly OhlcBar[]> | undefined;

/**
 * Loads an OHLC CSV (`date,open,high,low,close`, oldest first).
 *
 * Parsing is strict because the MACD of every later day depends on every earlier close: a
 * silently skipped or misread row would shift all results, so any bad row throws instead.
 *
 * @param url - The CSV to read; defaults to {@link DEFAULT_OHLC_URL}, whose result is cached.
 * @returns The rows, frozen, in file order.
 * @throws Error naming the line number and the offending value for a bad header, a wrong
 *   number of fields, a date that is not a real `YYYY-MM-DD` date, dates out of order, or a
 *   price that is not a finite decimal.
 */
export function loadOhlc(url: URL = DEFAULT_OHLC_URL): Promise<readonly OhlcBar[]> {
  if (url.href !== DEFAULT_OHLC_URL.href) return readOhlc(url);
  if (defaultSeries === undefined) {
    defaultSeries = readOhlc(url);
    // Do not cache a failure (e.g. a file being replaced during a deploy): the next call retries.
    defaultSeries.catch(() => {
      defaultSeries = undefined;
    });
  }
  return defaultSeries;
}

async function readOhlc(url: URL): Promise<readonly OhlcBar[]> {
  const text = await readFile(url, "utf8");
  return parseOhlcCsv(text, url.href);
}

/**
 * Parses the text of an OHLC CSV; the strict parser behind {@link loadOhlc}.
 *
 * @param text - The whole file.
 * @param source - Name used in error messages (a path or URL).
 * @returns The rows, frozen, in file order.
 * @throws Error naming `source`, the 1-based line number and the offending value.
 */
export function parseOhlcCsv(text: string, source = "<csv>"): readonly OhlcBar[] {
  // Accept CRLF files and a single trailing newline; any other blank line is an error.
  const lines = text.split(/\r?\n/);
  if (lines.length > 1 && lines[lines.length - 1] === "") lines.pop();

  const fail = (lineNo: number, what: string, value: string): never => {
    throw new Error(`${source}:${lineNo}: ${what}: ${JSON.stringify(value)}`);
  };

  const header = lines[0] ?? "";
  if (header.replace(/^\uFEFF/, "") !== HEADER) fail(1, `expected header "${HEADER}"`, header);

  const bars: OhlcBar[] = [];
  for (let i = 1; i < lines.length; i++) {
    const lineNo = i + 1;
    const line = lines[i] ?? "";
    const fields = line.split(",");
    if (fields.length !== 5) fail(lineNo, "expected 5 comma-separated fields", line);
    const [date = "", open = "", high = "", low = "", close = ""] = fields;
    if (!isIsoDate(date)) fail(lineNo, "invalid date", date);
    const previous = bars[bars.length - 1];
    if (previous !== undefined && date <= previous.date) {
      // The EMA recursion assumes chronological order; a repeated or earlier date means a bad file.
      fail(lineNo, `date not after previous row's ${previous.date}`, date);
    }
    const price = (value: string): number => (DECIMAL.test(value) ? Number(value) : fail(lineNo, "invalid price", value));
    bars.push(Object.freeze({ date, open: price(open), high: price(high), low: price(low), close: price(close) }));
  }
  return Object.freeze(bars);
}
