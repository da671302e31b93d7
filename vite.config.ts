/// <reference types="vitest/config" />
import { defineConfig, type Plugin } from "vite";
import react from "@vitejs/plugin-react";

// Relative base so dist/ works from a sub-path (GitHub Pages project sites).
export default defineConfig({
  base: "./",
  plugins: [react(), serviceWorkerPlugin()],
  worker: { format: "es" },
  build: { target: "es2022", chunkSizeWarningLimit: 4096 },
  server: { host: "127.0.0.1" },
  test: { include: ["src/**/*.test.ts", "src/**/*.test.tsx", "vm/**/*.test.ts"], exclude: ["vm/test/**", "node_modules/**"] },
});

/**
 * Builds src/sw/sw.ts to dist/sw.js (a classic script at the site root, so its scope is the whole site)
 * and writes into it the list of app files it precaches. The list changes with every app build (file
 * names carry content hashes), so the browser sees a new sw.js and refreshes the shell cache. The VM
 * artefacts (public/vm/) are not listed: the worker caches them as the page fetches them.
 */
const SW_ENTRY = "src/sw/sw.ts";
const SW_FILE = "sw.js";
const PLACEHOLDER = /(["'`])__SW_SHELL_FILES__\1/;

function serviceWorkerPlugin(): Plugin {
  return {
    name: "dockersandbox-service-worker",
    apply: "build",
    enforce: "post",
    config(config) {
      const build = config.build ?? {};
      const opts = build.rolldownOptions ?? {};
      return {
        build: {
          rolldownOptions: {
            ...opts,
            input: { index: "index.html", sw: SW_ENTRY },
            output: {
              entryFileNames: (chunk: { name: string }) => (chunk.name === "sw" ? SW_FILE : "assets/[name]-[hash].js"),
            },
          },
        },
      };
    },
    generateBundle(_options, bundle) {
      const sw = bundle[SW_FILE];
      if (!sw || sw.type !== "chunk") return this.error(`${SW_FILE} was not built`);
      if (sw.imports.length || sw.dynamicImports.length) return this.error(`${SW_FILE} must be one classic script, but imports ${[...sw.imports, ...sw.dynamicImports].join(", ")}`);
      const files = Object.keys(bundle)
        .filter((f) => f !== SW_FILE && !f.endsWith(".map") && !f.startsWith("vm/"))
        .sort();
      if (!files.includes("index.html")) return this.error("index.html is not in the bundle");
      if (!PLACEHOLDER.test(sw.code)) return this.error(`placeholder __SW_SHELL_FILES__ not found in ${SW_FILE}`);
      sw.code = sw.code.replace(PLACEHOLDER, () => JSON.stringify(JSON.stringify(files)));
    },
  };
}
