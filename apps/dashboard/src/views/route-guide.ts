// RouteGuide: the features in a rectangle plotted by position (ListFeatures), and GetFeature lookups,
// by form or by clicking a point.
import { createClient } from "@connectrpc/connect";
import { RouteGuide, type Feature } from "@polyrpc/stubs";
import * as echarts from "echarts";
import { transportFor, type Impl } from "../backend.js";
import { field, h, section } from "../dom.js";
import { showError } from "../show-error.js";

/** Mounts the RouteGuide view. */
export function mountRouteGuide(parent: HTMLElement, impl: () => Impl): void {
  const { root, error } = section("RouteGuide: features", "routeguide");
  const inputs = [
    field("lo latitude", { value: "400000000", "data-testid": "rect-lo-lat" }),
    field("lo longitude", { value: "-750000000", "data-testid": "rect-lo-lng" }),
    field("hi latitude", { value: "420000000", "data-testid": "rect-hi-lat" }),
    field("hi longitude", { value: "-730000000", "data-testid": "rect-hi-lng" }),
  ];
  const list = h("button", { type: "submit", text: "List features", "data-testid": "features-submit" });
  const listForm = h("form", {}, ...inputs.map(([label]) => label), list);
  const count = h("p", { "data-testid": "features-count" });
  const chartBox = h("div", { class: "chart", "data-testid": "features-chart" });
  const [latLabel, lat] = field("latitude", { value: "409146138", "data-testid": "point-lat" });
  const [lngLabel, lng] = field("longitude", { value: "-746188906", "data-testid": "point-lng" });
  const lookupForm = h("form", {}, latLabel, lngLabel, h("button", { type: "submit", text: "GetFeature", "data-testid": "feature-submit" }));
  const found = h("p", { "data-testid": "feature-name" });
  root.append(listForm, count, chartBox, lookupForm, found);
  parent.append(root);
  const chart = echarts.init(chartBox);
  new ResizeObserver(() => chart.resize()).observe(chartBox);

  const lookup = async (latitude: number, longitude: number) => {
    showError(error, undefined);
    try {
      const feature = await createClient(RouteGuide, transportFor(impl())).getFeature({ latitude, longitude }, { timeoutMs: 5000 });
      found.textContent = feature.name === "" ? `no feature at ${latitude}, ${longitude}` : `${feature.name} (${latitude}, ${longitude})`;
    } catch (e) {
      showError(error, e);
    }
  };
  lookupForm.addEventListener("submit", (event) => {
    event.preventDefault();
    void lookup(Number(lat.value), Number(lng.value));
  });
  chart.on("click", (params) => {
    const [x, y] = params.value as [number, number];
    lat.value = String(Math.round(y * 1e7));
    lng.value = String(Math.round(x * 1e7));
    void lookup(Number(lat.value), Number(lng.value));
  });
  listForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    showError(error, undefined);
    const [loLat, loLng, hiLat, hiLng] = inputs.map(([, input]) => Number(input.value));
    const features: Feature[] = [];
    try {
      for await (const f of createClient(RouteGuide, transportFor(impl())).listFeatures(
        { lo: { latitude: loLat, longitude: loLng }, hi: { latitude: hiLat, longitude: hiLng } },
        { timeoutMs: 10_000 },
      )) {
        features.push(f);
      }
      count.textContent = `${features.length} features`;
    } catch (e) {
      count.textContent = "";
      showError(error, e);
    }
    chart.setOption(
      {
        animation: false,
        tooltip: { formatter: (p: { data: { name: string } }) => p.data.name },
        xAxis: { type: "value", name: "longitude", scale: true },
        yAxis: { type: "value", name: "latitude", scale: true },
        series: [
          {
            type: "scatter",
            symbolSize: 8,
            data: features.map((f) => ({ name: f.name, value: [(f.location?.longitude ?? 0) / 1e7, (f.location?.latitude ?? 0) / 1e7] })),
          },
        ],
      },
      true,
    );
  });
}
