// A few DOM helpers, so the views stay readable without a UI framework.

/** Creates an element with attributes (`text` sets its text) and children. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (name === "text") el.textContent = value;
    else el.setAttribute(name, value);
  }
  el.append(...children);
  return el;
}

/** A labelled input. */
export function field(label: string, attrs: Record<string, string>): [HTMLLabelElement, HTMLInputElement] {
  const input = h("input", attrs);
  return [h("label", {}, label, input), input];
}

/** The section a view draws into, with a heading and an error box. */
export function section(title: string, id: string): { root: HTMLElement; error: HTMLElement } {
  const error = h("div", { class: "error", "data-testid": `${id}-error`, role: "alert" });
  const root = h("section", { "data-view": id }, h("h2", { text: title }), error);
  return { root, error };
}
