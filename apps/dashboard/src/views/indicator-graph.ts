// IndicatorGraph: the server-rendered chart streamed in chunks, with progress from offset/total_size,
// its sha256 checked in the browser, then shown.
import { createClient } from "@connectrpc/connect";
import { IndicatorGraph } from "@polyrpc/stubs";
import { transportFor, type Impl } from "../backend.js";
import { field, h, section } from "../dom.js";
import { showError } from "../show-error.js";

const CHUNK_SIZES = [1024, 4096, 16384, 65536];

/** Mounts the IndicatorGraph view. */
export function mountIndicatorGraph(parent: HTMLElement, impl: () => Impl): void {
  const { root, error } = section("IndicatorGraph: the MACD chart, streamed", "graph");
  const [startLabel, start] = field("start date", { value: "2023-01-02", "data-testid": "graph-start" });
  const [endLabel, end] = field("end date", { value: "2023-06-30", "data-testid": "graph-end" });
  const [widthLabel, width] = field("width", { value: "800", type: "number", "data-testid": "graph-width" });
  const [heightLabel, height] = field("height", { value: "400", type: "number", "data-testid": "graph-height" });
  const chunk = h("select", { "data-testid": "graph-chunk-size" }, ...CHUNK_SIZES.map((n) => h("option", { value: String(n), text: `${n / 1024} KiB` })));
  chunk.value = "4096";
  const submit = h("button", { type: "submit", text: "Stream chart", "data-testid": "graph-submit" });
  const progress = h("progress", { max: "1", value: "0", "data-testid": "graph-progress" });
  const status = h("p", { "data-testid": "graph-status" });
  const image = h("img", { alt: "MACD chart", "data-testid": "graph-image" });
  const form = h("form", {}, startLabel, endLabel, widthLabel, heightLabel, h("label", {}, "chunk size", chunk), submit);
  root.append(form, progress, status, image);
  parent.append(root);

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    showError(error, undefined);
    submit.disabled = true;
    image.removeAttribute("src");
    progress.value = 0;
    status.textContent = "";
    try {
      const chunks: Uint8Array[] = [];
      let received = 0;
      let total = 0;
      let sha256: Uint8Array | undefined;
      const request = { startDate: start.value, endDate: end.value, chunkSize: Number(chunk.value), width: Number(width.value), height: Number(height.value) };
      for await (const reply of createClient(IndicatorGraph, transportFor(impl())).getMACDGraph(request, { timeoutMs: 30_000 })) {
        if (Number(reply.offset) !== received) throw new Error(`chunk at offset ${reply.offset}, expected ${received}`);
        chunks.push(reply.macdChunk);
        received += reply.macdChunk.length;
        total = Number(reply.totalSize);
        if (reply.sha256.length > 0) sha256 = reply.sha256;
        progress.max = total;
        progress.value = received;
        status.textContent = `${received} of ${total} bytes, ${chunks.length} chunks`;
      }
      const png = new Uint8Array(received);
      let offset = 0;
      for (const c of chunks) {
        png.set(c, offset);
        offset += c.length;
      }
      const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", png));
      const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
      if (received !== total) throw new Error(`got ${received} bytes, the server announced ${total}`);
      if (sha256 === undefined || hex(sha256) !== hex(digest))
        throw new Error(`sha256 mismatch: computed ${hex(digest)}, the server sent ${sha256 === undefined ? "none" : hex(sha256)}`);
      image.src = URL.createObjectURL(new Blob([png], { type: "image/png" }));
      await image.decode();
      status.textContent = `${total} bytes in ${chunks.length} chunks of ${chunk.value}, sha256 verified (${hex(digest).slice(0, 16)}…), ${image.naturalWidth}×${image.naturalHeight} PNG`;
      status.className = "ok";
      status.dataset["verified"] = "true";
    } catch (e) {
      status.className = "";
      showError(error, e);
    } finally {
      submit.disabled = false;
    }
  });
}
