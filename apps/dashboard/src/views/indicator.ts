// Indicator: a date range -> the MACD table and an interactive chart (ECharts, with zoom).
import { createClient } from "@connectrpc/connect";
import { Indicator, type MACDData } from "@polyrpc/stubs";
import * as echarts from "echarts";
import { transportFor, type Impl } from "../backend.js";
import { field, h, section } from "../dom.js";
import { showError } from "../show-error.js";

/** Mounts the Indicator view; `impl` tells the selected backend at call time. */
export function mountIndicator(parent: HTMLElement, impl: () => Impl): void {
  const { root, error } = section("Indicator: MACD", "indicator");
  const [startLabel, start] = field("start date", { value: "2023-01-02", "data-testid": "macd-start" });
  const [endLabel, end] = field("end date", { value: "2023-03-31", "data-testid": "macd-end" });
  const submit = h("button", { type: "submit", text: "Get MACD", "data-testid": "macd-submit" });
  const summary = h("p", { "data-testid": "macd-summary" });
  const tbody = h("tbody", { "data-testid": "macd-rows" });
  const table = h(
    "table",
    {},
    h("thead", {}, h("tr", {}, ...["date", "open", "close", "high", "low", "macd", "signal", "histogram"].map((c) => h("th", { text: c })))),
    tbody,
  );
  const chartBox = h("div", { class: "chart", "data-testid": "macd-chart" });
  const form = h("form", {}, startLabel, endLabel, submit);
  root.append(form, summary, chartBox, h("div", { class: "table-scroll" }, table));
  parent.append(root);
  const chart = echarts.init(chartBox);

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    showError(error, undefined);
    submit.disabled = true;
    try {
      const reply = await createClient(Indicator, transportFor(impl())).getMACD({ startDate: start.value, endDate: end.value }, { timeoutMs: 10_000 });
      render(reply.macd);
      summary.textContent = `${reply.macd.length} trading days from the ${impl() === "ts" ? "TypeScript" : "Python"} server`;
    } catch (e) {
      render([]);
      summary.textContent = "";
      showError(error, e);
    } finally {
      submit.disabled = false;
    }
  });

  function render(rows: MACDData[]): void {
    tbody.replaceChildren(
      ...rows.map((r) =>
        h("tr", {}, h("td", { text: r.date }), ...[r.open, r.close, r.high, r.low, r.macd, r.signal, r.histogram].map((v) => h("td", { text: v.toFixed(4) }))),
      ),
    );
    chart.setOption(
      {
        animation: false,
        tooltip: { trigger: "axis" },
        legend: { top: 0, data: ["close", "MACD", "signal", "histogram"] },
        grid: [
          { left: 60, right: 20, top: 30, height: "45%" },
          { left: 60, right: 20, top: "62%", height: "25%" },
        ],
        xAxis: [
          { type: "category", data: rows.map((r) => r.date), gridIndex: 0 },
          { type: "category", data: rows.map((r) => r.date), gridIndex: 1 },
        ],
        yAxis: [
          { type: "value", scale: true, gridIndex: 0 },
          { type: "value", scale: true, gridIndex: 1 },
        ],
        dataZoom: [
          { type: "inside", xAxisIndex: [0, 1] },
          { type: "slider", xAxisIndex: [0, 1], bottom: 0 },
        ],
        series: [
          { name: "close", type: "line", data: rows.map((r) => r.close), showSymbol: false, xAxisIndex: 0, yAxisIndex: 0 },
          { name: "MACD", type: "line", data: rows.map((r) => r.macd), showSymbol: false, xAxisIndex: 1, yAxisIndex: 1 },
          { name: "signal", type: "line", data: rows.map((r) => r.signal), showSymbol: false, xAxisIndex: 1, yAxisIndex: 1 },
          { name: "histogram", type: "bar", data: rows.map((r) => r.histogram), xAxisIndex: 1, yAxisIndex: 1 },
        ],
      },
      true,
    );
  }
  new ResizeObserver(() => chart.resize()).observe(chartBox);
}
