// Writes data/ohlc-synthetic.csv: a SYNTHETIC daily OHLC series (no real market data can be downloaded on
// the build machines, and none ships in a package we could depend on). Deterministic: a seeded
// mulberry32 PRNG drives a geometric random walk over weekdays from 2022-01-03 to 2024-12-31.
// Both the TypeScript and the Python Indicator servers read the committed CSV, so their MACD values can
// be compared; rerunning this script reproduces the file byte for byte.
import { writeFileSync } from "node:fs";

function mulberry32(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = mulberry32(20240501);
const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
const round = (x) => Math.round(x * 100) / 100;
const rows = ["date,open,high,low,close"];
let close = 100;
for (let d = new Date(Date.UTC(2022, 0, 3)); d <= new Date(Date.UTC(2024, 11, 31)); d.setUTCDate(d.getUTCDate() + 1)) {
  const day = d.getUTCDay();
  if (day === 0 || day === 6) continue;
  const open = close * (1 + 0.004 * gauss());
  const next = open * (1 + 0.015 * gauss());
  const high = Math.max(open, next) * (1 + Math.abs(0.006 * gauss()));
  const low = Math.min(open, next) * (1 - Math.abs(0.006 * gauss()));
  close = next;
  rows.push([d.toISOString().slice(0, 10), round(open), round(high), round(low), round(close)].join(","));
}
writeFileSync(new URL("../data/ohlc-synthetic.csv", import.meta.url), `${rows.join("\n")}\n`);
