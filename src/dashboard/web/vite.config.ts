/**
 * Builds the dashboard UI into dist/dashboard/web, where the dashboard server serves it from.
 *   npx vite build --config src/dashboard/web/vite.config.ts
 * JSX goes through Vite's own transformer (Oxc) with Preact's automatic runtime, so no Babel preset is needed.
 */
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "./",
  publicDir: false,
  logLevel: "warn",
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  build: {
    outDir: fileURLToPath(new URL("../../../dist/dashboard/web", import.meta.url)),
    emptyOutDir: true,
    target: "es2022",
    // Plotly is one ~4.7 MB chunk loaded only when a plot is shown.
    chunkSizeWarningLimit: 5000,
    modulePreload: { polyfill: false },
    // Files, never data: URLs, so a strict Content-Security-Policy (img-src 'self') allows every asset.
    assetsInlineLimit: 0,
    // The timing report only measures Vite's own CSS plugin here; keep `npm run build` quiet.
    rolldownOptions: { checks: { bundlerTimings: false } },
  },
});
