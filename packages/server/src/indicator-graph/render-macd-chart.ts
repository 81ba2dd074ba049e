/**
 * Renders the IndicatorGraph PNG.
 *
 * Why Apache ECharts (server-side SVG) + resvg rather than the alternatives:
 * - `canvas` (node-canvas) downloads its prebuilt binary from GitHub in an install script, which
 *   the build machines cannot reach, and otherwise needs Cairo and a compiler.
 * - Chart.js on `@napi-rs/canvas` would also work. ECharts was preferred because its server-side
 *   mode (`ssr: true` + `renderToSVGString()`) is a documented API that needs no DOM or canvas, it
 *   lays out two panels over one date axis directly, and rasterising SVG needs only resvg, a
 *   smaller native module than a Skia build.
 * - `echarts` is pure JavaScript; `@resvg/resvg-js` ships its Rust rasteriser as per-platform npm
 *   optionalDependencies (no download at install, no install scripts), and is deterministic.
 * - `dejavu-fonts-ttf` provides TrueType files, which resvg reads directly (the `@fontsource/*`
 *   packages ship only WOFF/WOFF2, which resvg cannot load). Loading fonts explicitly, with system
 *   fonts off, makes the output the same on every machine, with or without installed fonts.
 */
import { createRequire } from "node:module";

import { renderAsync } from "@resvg/resvg-js";
import { BarChart, LineChart } from "echarts/charts";
import type { BarSeriesOption, LineSeriesOption } from "echarts/charts";
import { GraphicComponent, GridComponent, LegendComponent, TitleComponent } from "echarts/components";
import type { GraphicComponentOption, GridComponentOption, LegendComponentOption, TitleComponentOption } from "echarts/components";
import * as echarts from "echarts/core";
import type { ComposeOption } from "echarts/core";
import { SVGRenderer } from "echarts/renderers";

import type { MacdRow } from "../indicator/macd.js";

// Register only what the chart uses: it keeps module load time down versus importing all of echarts.
echarts.use([LineChart, BarChart, GridComponent, LegendComponent, TitleComponent, GraphicComponent, SVGRenderer]);

type ChartOption = ComposeOption<
  LineSeriesOption | BarSeriesOption | GridComponentOption | LegendComponentOption | TitleComponentOption | GraphicComponentOption
>;

/** Size and heading of the chart. */
export interface MacdChartOptions {
  /** Image width in pixels; the PNG is exactly this wide. */
  readonly width: number;
  /** Image height in pixels; the PNG is exactly this high. */
  readonly height: number;
  /** Heading; the date range of the rows is shown under it. */
  readonly title: string;
}

// ECharts lays text out (centring, legend spacing, label thinning) from its built-in table of
// Helvetica-like glyph widths, since there is no canvas to measure with on the server. DejaVu Sans
// Condensed is within a few percent of those widths (digits 0.57 em vs 0.56); regular DejaVu Sans
// is about 14% wider, which made legend entries collide.
const FONT_FAMILY = "DejaVu Sans Condensed";
const requireHere = createRequire(import.meta.url);
// Resolved through the package, not a path into node_modules, so it works under pnpm's layout and
// after the package is installed elsewhere. Bold is for the title; resvg does not fake bold.
const FONT_FILES = [
  requireHere.resolve("dejavu-fonts-ttf/ttf/DejaVuSansCondensed.ttf"),
  requireHere.resolve("dejavu-fonts-ttf/ttf/DejaVuSansCondensed-Bold.ttf"),
];

const COLORS = {
  close: "#1f5fa8",
  macd: "#1f5fa8",
  signal: "#e07b00",
  up: "#2e9d5b",
  down: "#d0453a",
  text: "#222222",
  muted: "#666666",
  grid: "#e6e6e6",
};

/**
 * Draws the MACD chart as a PNG: close price on top; MACD line, signal line and histogram below.
 *
 * With no rows (e.g. a range that holds only a weekend) it still returns a valid PNG of the
 * requested size, saying "no data", so the streaming call behaves the same for every range.
 * The same rows and options give the same bytes.
 *
 * @param rows - MACD rows, oldest first, as `computeMacd` returns them.
 * @param options - Pixel size (already validated) and heading.
 * @returns The PNG file, exactly `options.width` × `options.height` pixels.
 */
export async function renderMacdChart(rows: readonly MacdRow[], options: MacdChartOptions): Promise<Uint8Array> {
  const { width, height } = options;
  const chart = echarts.init(null, null, { renderer: "svg", ssr: true, width, height });
  let svg: string;
  try {
    chart.setOption(rows.length === 0 ? emptyOption(options) : chartOption(rows, options));
    svg = chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
  // renderAsync rasterises on libuv's thread pool, so a large chart does not stall other RPCs.
  const image = await renderAsync(svg, {
    fitTo: { mode: "original" },
    background: "#ffffff",
    font: {
      fontFiles: FONT_FILES,
      loadSystemFonts: false,
      defaultFontFamily: FONT_FAMILY,
      sansSerifFamily: FONT_FAMILY,
    },
    logLevel: "off",
  });
  const png = image.asPng();
  return new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
}

// Text sizes follow the image so that 100×100 and 4000×4000 are both legible.
function fontScale(width: number, height: number): number {
  return Math.min(2.5, Math.max(0.6, Math.min(width / 1000, height / 600)));
}

function titleOption(title: string, subtext: string, scale: number): TitleComponentOption {
  return {
    text: title,
    subtext,
    left: "center",
    top: Math.round(6 * scale),
    itemGap: Math.round(4 * scale),
    textStyle: { fontSize: Math.round(16 * scale), fontWeight: "bold", color: COLORS.text },
    subtextStyle: { fontSize: Math.round(12 * scale), color: COLORS.muted },
  };
}

function emptyOption({ width, height, title }: MacdChartOptions): ChartOption {
  const scale = fontScale(width, height);
  return {
    animation: false,
    backgroundColor: "#ffffff",
    textStyle: { fontFamily: FONT_FAMILY },
    title: titleOption(title, "no trading days in the requested range", scale),
    graphic: {
      type: "text",
      left: "center",
      top: "middle",
      style: {
        text: "no data",
        fontSize: Math.round(24 * scale),
        fontFamily: FONT_FAMILY,
        fill: COLORS.muted,
      },
    },
  };
}

function chartOption(rows: readonly MacdRow[], { width, height, title }: MacdChartOptions): ChartOption {
  const scale = fontScale(width, height);
  const first = rows[0] as MacdRow;
  const last = rows[rows.length - 1] as MacdRow;
  const dates = rows.map((r) => r.date);
  const small = Math.round(11 * scale);
  // Fixed pixel margins (scaled) rather than percentages, so labels keep their room at any size.
  const top = Math.round(64 * scale);
  const bottom = Math.round(28 * scale);
  const gap = Math.round(34 * scale);
  const left = Math.round(64 * scale);
  const right = Math.round(20 * scale);
  const plot = Math.max(height - top - bottom - gap, 20);
  const priceHeight = Math.round(plot * 0.58);
  const axisLabel = { fontSize: small, color: COLORS.muted };
  const splitLine = { lineStyle: { color: COLORS.grid } };
  const line = (name: string, data: number[], color: string, xAxisIndex: number): LineSeriesOption => ({
    type: "line",
    name,
    data,
    xAxisIndex,
    yAxisIndex: xAxisIndex,
    showSymbol: false,
    // Straight segments between days: smoothing would invent values between trading days.
    smooth: false,
    lineStyle: { width: Math.max(1, 1.4 * scale), color },
    itemStyle: { color },
  });
  return {
    animation: false,
    backgroundColor: "#ffffff",
    textStyle: { fontFamily: FONT_FAMILY },
    title: titleOption(title, `${first.date} to ${last.date} (${rows.length} trading day${rows.length === 1 ? "" : "s"})`, scale),
    // The legend sits in the band between the panels, right of the MACD axis name: at the top it
    // collided with a centred title on narrow images. The price line needs no entry: its axis is
    // named "Close".
    legend: {
      top: top + priceHeight + Math.round(6 * scale),
      right,
      itemWidth: Math.round(16 * scale),
      itemHeight: Math.round(8 * scale),
      textStyle: { fontSize: small, color: COLORS.text },
      data: ["MACD", "Signal", "Histogram"],
    },
    grid: [
      { left, right, top, height: priceHeight },
      { left, right, top: top + priceHeight + gap, bottom },
    ],
    xAxis: [
      {
        type: "category",
        gridIndex: 0,
        data: dates,
        boundaryGap: false,
        axisLabel: { show: false },
        axisTick: { show: false },
      },
      { type: "category", gridIndex: 1, data: dates, boundaryGap: false, axisLabel },
    ],
    yAxis: [
      {
        type: "value",
        gridIndex: 0,
        scale: true, // Prices sit far from 0; include 0 and the line would be flat.
        name: "Close",
        nameTextStyle: axisLabel,
        axisLabel,
        splitLine,
      },
      {
        type: "value",
        gridIndex: 1,
        name: "MACD (12, 26, 9)",
        nameTextStyle: axisLabel,
        axisLabel,
        splitLine,
      },
    ],
    series: [
      line(
        "Close",
        rows.map((r) => r.close),
        COLORS.close,
        0,
      ),
      {
        type: "bar",
        name: "Histogram",
        xAxisIndex: 1,
        yAxisIndex: 1,
        // Colour per bar: green where MACD is above its signal, red below, as traders read it.
        data: rows.map((r) => ({
          value: r.histogram,
          itemStyle: { color: r.histogram >= 0 ? COLORS.up : COLORS.down },
        })),
        itemStyle: { color: COLORS.up },
        barCategoryGap: "20%",
      },
      line(
        "MACD",
        rows.map((r) => r.macd),
        COLORS.macd,
        1,
      ),
      line(
        "Signal",
        rows.map((r) => r.signal),
        COLORS.signal,
        1,
      ),
    ],
  };
}
