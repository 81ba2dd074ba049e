// The dashboard page: a backend switch, the health of both servers, and one tab per seed service.
import "./style.css";
import type { Impl } from "./backend.js";
import { h } from "./dom.js";
import { mountContact } from "./views/contact.js";
import { mountForms } from "./views/forms.js";
import { mountHealth } from "./views/health.js";
import { mountIndicator } from "./views/indicator.js";
import { mountIndicatorGraph } from "./views/indicator-graph.js";
import { mountInteropReport } from "./views/interop-report.js";
import { mountRouteGuide } from "./views/route-guide.js";

const impl = (): Impl => (document.querySelector<HTMLInputElement>('input[name="backend"]:checked')?.value ?? "ts") as Impl;
const views = document.getElementById("views")!;
const tabs = document.getElementById("tabs")!;
mountHealth(document.getElementById("health")!);

const holders = new Map<string, HTMLElement>();
const add = (id: string, title: string, mount: (el: HTMLElement) => void) => {
  const holder = h("div", { id: `view-${id}` });
  holder.hidden = true;
  views.append(holder);
  mount(holder);
  holders.set(id, holder);
  const button = h("button", { text: title, "data-tab": id });
  button.addEventListener("click", () => show(id));
  tabs.append(button);
};
let onShowInterop: () => Promise<void> = async () => {};
add("indicator", "Indicator", (el) => mountIndicator(el, impl));
add("graph", "IndicatorGraph", (el) => mountIndicatorGraph(el, impl));
add("contact", "Contact", (el) => mountContact(el, impl));
add("routeguide", "RouteGuide", (el) => mountRouteGuide(el, impl));
add("forms", "Greeter & FirstMsg", (el) => mountForms(el, impl));
add("interop", "Interop matrix", (el) => (onShowInterop = mountInteropReport(el)));

function show(id: string): void {
  for (const [key, holder] of holders) holder.hidden = key !== id;
  for (const button of tabs.querySelectorAll("button")) button.classList.toggle("active", button.dataset["tab"] === id);
  history.replaceState(null, "", `#${id}`);
  // Charts measure their box when shown.
  window.dispatchEvent(new Event("resize"));
  if (id === "interop") void onShowInterop();
}
show(holders.has(location.hash.slice(1)) ? location.hash.slice(1) : "indicator");
