// The health of both servers (grpc.health.v1 through each gateway), refreshed every 5 s.
import { checkHealth, type Impl } from "../backend.js";
import { describeError } from "../show-error.js";
import { h } from "../dom.js";

/** Fills `box` with one status per server and keeps it current. */
export function mountHealth(box: HTMLElement): void {
  const entries = (["ts", "py"] as const).map((impl: Impl) => {
    const dot = h("span", { class: "health-dot" });
    const text = h("span", { text: "checking…" });
    box.append(h("span", { "data-testid": `health-${impl}` }, dot, `${impl === "ts" ? "TypeScript" : "Python"}: `, text));
    return { impl, dot, text };
  });
  const refresh = async () => {
    await Promise.all(
      entries.map(async ({ impl, dot, text }) => {
        const started = performance.now();
        try {
          const status = await checkHealth(impl);
          dot.className = `health-dot ${status === "SERVING" ? "serving" : "down"}`;
          text.textContent = `${status} (${Math.round(performance.now() - started)} ms)`;
        } catch (e) {
          dot.className = "health-dot down";
          text.textContent = describeError(e);
        }
      }),
    );
  };
  void refresh();
  setInterval(() => void refresh(), 5000);
}
