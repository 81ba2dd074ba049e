// Contact: the live getTask push feed, with stop (cancels the stream) and tellResult acks (one
// client-streaming call carrying a Result per task not yet acknowledged).
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { Contact, EmptySchema, ResultSchema } from "@polyrpc/stubs";
import { clientStream, transportFor, type Impl } from "../backend.js";
import { h, section } from "../dom.js";
import { showError } from "../show-error.js";

/** Mounts the Contact view. */
export function mountContact(parent: HTMLElement, impl: () => Impl): void {
  const { root, error } = section("Contact: pushed tasks", "contact");
  const startButton = h("button", { text: "Start feed", "data-testid": "feed-start" });
  const stopButton = h("button", { text: "Stop", "data-testid": "feed-stop", disabled: "" });
  const ackButton = h("button", { text: "Acknowledge (tellResult)", "data-testid": "feed-ack" });
  const state = h("p", { "data-testid": "feed-state", text: "stopped" });
  const acks = h("p", { "data-testid": "feed-acks" });
  const feed = h("ul", { class: "feed", "data-testid": "feed" });
  root.append(h("div", {}, startButton, stopButton, ackButton), state, acks, feed);
  parent.append(root);
  let controller: AbortController | undefined;
  let unacked: string[] = [];

  startButton.addEventListener("click", async () => {
    showError(error, undefined);
    controller = new AbortController();
    startButton.disabled = true;
    stopButton.disabled = false;
    state.textContent = "streaming";
    const from = impl();
    try {
      for await (const message of createClient(Contact, transportFor(from)).getTask({}, { signal: controller.signal })) {
        feed.append(h("li", { text: `${new Date().toLocaleTimeString()} ${from}: ${message.task}` }));
        feed.scrollTop = feed.scrollHeight;
        unacked.push(message.task);
      }
      state.textContent = "the server ended the stream";
    } catch (e) {
      if (ConnectError.from(e).code === Code.Canceled) state.textContent = "stopped";
      else {
        state.textContent = "failed";
        showError(error, e);
      }
    } finally {
      startButton.disabled = false;
      stopButton.disabled = true;
    }
  });
  stopButton.addEventListener("click", () => controller?.abort());
  ackButton.addEventListener("click", async () => {
    showError(error, undefined);
    const tasks = unacked;
    unacked = [];
    try {
      await clientStream(
        impl(),
        "/Contact/tellResult",
        ResultSchema,
        EmptySchema,
        tasks.map((task) => ({ ret: `done ${task}` })),
      );
      acks.textContent = `acknowledged ${tasks.length} task${tasks.length === 1 ? "" : "s"}`;
    } catch (e) {
      unacked = [...tasks, ...unacked];
      showError(error, e);
    }
  });
}
