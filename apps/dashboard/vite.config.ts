// Builds the page into dist/, which serve.mjs serves next to the two gRPC-web gateways.
import { defineConfig } from "vite";

export default defineConfig({
  build: {
    outDir: "dist",
    // echarts alone is about 1 MB minified; a single local page has no use for the warning.
    chunkSizeWarningLimit: 2000,
  },
});
