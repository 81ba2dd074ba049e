// Greeter and FirstMsg: one form each.
import { createClient } from "@connectrpc/connect";
import { FirstMsg, Greeter } from "@polyrpc/stubs";
import { transportFor, type Impl } from "../backend.js";
import { field, h, section } from "../dom.js";
import { showError } from "../show-error.js";

/** Mounts the Greeter and FirstMsg forms. */
export function mountForms(parent: HTMLElement, impl: () => Impl): void {
  const { root, error } = section("Greeter and FirstMsg", "forms");
  const [nameLabel, name] = field("name", { value: "World", "data-testid": "greeter-name" });
  const greeterForm = h("form", {}, nameLabel, h("button", { type: "submit", text: "SayHello", "data-testid": "greeter-submit" }));
  const greeting = h("p", { "data-testid": "greeter-reply" });
  const [bodyLabel, body] = field("body (JSON)", { value: '{"name": "polyrpc"}', "data-testid": "firstmsg-body", size: "40" });
  const firstForm = h("form", {}, bodyLabel, h("button", { type: "submit", text: "firstMsg", "data-testid": "firstmsg-submit" }));
  const content = h("p", { "data-testid": "firstmsg-reply" });
  root.append(greeterForm, greeting, firstForm, content);
  parent.append(root);
  greeterForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    showError(error, undefined);
    try {
      greeting.textContent = (await createClient(Greeter, transportFor(impl())).sayHello({ name: name.value }, { timeoutMs: 5000 })).message;
    } catch (e) {
      greeting.textContent = "";
      showError(error, e);
    }
  });
  firstForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    showError(error, undefined);
    try {
      content.textContent = (await createClient(FirstMsg, transportFor(impl())).firstMsg({ body: body.value }, { timeoutMs: 5000 })).content;
    } catch (e) {
      content.textContent = "";
      showError(error, e);
    }
  });
}
