/// <reference types="vitest/config" />
import { build, defineConfig, type Logger, type Plugin, type Rollup } from "vite";
import react from "@vitejs/plugin-react";
import { buildOwnFont, ownFontFace } from "./src/build/font-subset.ts";
import { fontFilesFor, fontFilesOf } from "./src/sw/font-plan.ts";

// Relative base so dist/ works from a sub-path (GitHub Pages project sites).
export default defineConfig({
  base: "./",
  plugins: [react(), woff2Only(), ownFontPlugin(), serviceWorkerPlugin(), previewFramePlugin()],
  worker: { format: "es" },
  build: { target: "es2022", chunkSizeWarningLimit: 4096 },
  server: { host: "127.0.0.1" },
  test: { include: ["src/**/*.test.ts", "src/**/*.test.tsx", "vm/**/*.test.ts"], exclude: ["vm/test/**", "node_modules/**"] },
});

/**
 * @fontsource stylesheets name a .woff fallback beside each .woff2; every browser with a service worker reads
 * woff2, so the fallback is dropped (the build would otherwise carry ~100 unused font files).
 */
function woff2Only(): Plugin {
  return {
    name: "dockersandbox-woff2-only",
    enforce: "pre",
    transform(code, id) {
      if (!/[\\/]@fontsource[\\/].*\.css$/.test(id)) return null;
      return { code: code.replace(/,\s*url\([^)]*\.woff\)\s*format\(["']woff["']\)/g, ""), map: null };
    },
  };
}

/**
 * The app's own text: the UI strings and the bundled lessons, which are in the entry chunk and index.html (lazy
 * chunks such as the editor carry library tables whose characters the page never shows). The font subset and the
 * service worker's font plan are both made for it.
 */
function ownText(bundle: Rollup.OutputBundle): string {
  return Object.values(bundle)
    .filter((out) => out.fileName === "index.html" || (out.type === "chunk" && out.isEntry))
    .map((out) => (out.type === "chunk" ? out.code : typeof out.source === "string" ? out.source : ""))
    .join("");
}

/**
 * `vite build` only: one Noto Sans SC file holding exactly the characters of the app's own text
 * (src/build/font-subset.ts, from Debian's fonts-noto-cjk), declared in index.html after the stylesheet that holds
 * @fontsource's faces, so the browser draws those characters from it (the last declared face wins) and fetches
 * fontsource's files only for other characters. Without the system font the page keeps fontsource's files alone
 * (one warning line); `vite` dev always does. Runs before serviceWorkerPlugin (plugin order), which precaches it.
 */
function ownFontPlugin(): Plugin {
  let logger: Logger | undefined;
  return {
    name: "dockersandbox-own-font",
    apply: "build",
    enforce: "post",
    configResolved(config) {
      logger = config.logger;
    },
    async generateBundle(_options, bundle) {
      const html = bundle["index.html"];
      if (html?.type !== "asset" || typeof html.source !== "string") return this.error("index.html is not in the bundle");
      const started = Date.now();
      const font = await buildOwnFont(ownText(bundle));
      if (typeof font === "string") {
        logger?.warn(`own font subset: not built, the page uses @fontsource's Noto Sans SC files only: ${font}`);
        return;
      }
      const fileName = this.getFileName(this.emitFile({ type: "asset", name: "noto-sans-sc-own-400-normal.woff2", source: font.woff2 }));
      if (!html.source.includes("</head>")) return this.error("index.html has no </head>");
      html.source = html.source.replace("</head>", () => `  <style>${ownFontFace(`./${fileName}`, font.codePoints)}</style>\n  </head>`);
      logger?.info(
        `own font subset: ${fileName}, ${font.codePoints.length} characters, ${font.glyphs} glyphs, ${font.woff2.length} bytes (${Date.now() - started} ms)`,
      );
    },
  };
}

/**
 * Builds src/sw/sw.ts to dist/sw.js (a classic script at the site root, so its scope is the whole site)
 * and writes into it the list of app files it precaches. The list changes with every app build (file
 * names carry content hashes), so the browser sees a new sw.js and refreshes the shell cache. The VM
 * artefacts (public/vm/) are not listed: the worker caches them as the page fetches them, or all of them
 * when the learner asks for the offline copy.
 *
 * Font files are precached only when the app's own text needs them (src/sw/font-plan.ts); the others are
 * stored by the worker when the browser first fetches one.
 *
 * The worker is a separate build (one self-contained IIFE), so it can share modules with the page
 * (src/sw/cache-plan.ts, offline-plan.ts) without either build splitting them into a common chunk.
 */
const SW_ENTRY = "src/sw/sw.ts";
const SW_FILE = "sw.js";
const PLACEHOLDER = /(["'`])__SW_SHELL_FILES__\1/;

function serviceWorkerPlugin(): Plugin {
  let root = process.cwd();
  return {
    name: "dockersandbox-service-worker",
    apply: "build",
    enforce: "post",
    configResolved(config) {
      root = config.root;
    },
    async generateBundle(_options, bundle) {
      const files = precacheList(bundle);
      if (!files.includes("index.html")) return this.error("index.html is not in the bundle");
      const code = await buildServiceWorker(root);
      if (!PLACEHOLDER.test(code)) return this.error(`placeholder __SW_SHELL_FILES__ not found in ${SW_FILE}`);
      this.emitFile({ type: "asset", fileName: SW_FILE, source: code.replace(PLACEHOLDER, () => JSON.stringify(JSON.stringify(files))) });
    },
  };
}

/** The app files the worker precaches: all but the VM artefacts and the font files the app's own text does not need. */
function precacheList(bundle: Rollup.OutputBundle): string[] {
  const all = Object.keys(bundle).filter((f) => f !== SW_FILE && !f.endsWith(".map") && !f.startsWith("vm/"));
  const text = (f: string) => {
    const out = bundle[f]!;
    return out.type === "chunk" ? out.code : typeof out.source === "string" ? out.source : "";
  };
  // the stylesheets' faces, then index.html's (the own font subset, declared after them)
  const fontFiles = [...all.filter((f) => f.endsWith(".css")), "index.html"].flatMap((f) => fontFilesOf(text(f)));
  const needed = new Set(fontFilesFor(fontFiles, ownText(bundle)));
  const isFont = new Set(fontFiles.map((f) => f.file));
  return all.filter((f) => !isFont.has(f.split("/").pop()!) || needed.has(f.split("/").pop()!)).sort();
}

/** src/sw/sw.ts and what it imports, as one classic script (nothing written to disk, public/ not copied). */
async function buildServiceWorker(root: string): Promise<string> {
  return (await buildScript(root, SW_ENTRY, "dockersandboxServiceWorker")).code;
}

/**
 * The preview frame's loader (src/preview/frame/main.ts and what it imports) as one classic script, which the page
 * imports as a data: URL (`import frameScript from "virtual:preview-frame-script"`) for the frame's srcdoc: the
 * frame is an opaque origin that the service worker does not serve, so the script must come with the page.
 */
const FRAME_ENTRY = "src/preview/frame/main.ts";
const FRAME_MODULE = "virtual:preview-frame-script";

function previewFramePlugin(): Plugin {
  let root = process.cwd();
  return {
    name: "dockersandbox-preview-frame",
    configResolved(config) {
      root = config.root;
    },
    resolveId: (id) => (id === FRAME_MODULE ? `\0${FRAME_MODULE}` : null),
    async load(id) {
      if (id !== `\0${FRAME_MODULE}`) return null;
      const { code, modules } = await buildScript(root, FRAME_ENTRY, "dockersandboxPreviewFrame");
      for (const m of modules) this.addWatchFile(m);
      return `export default ${JSON.stringify(`data:text/javascript;base64,${Buffer.from(code).toString("base64")}`)};`;
    },
  };
}

/** `entry` and what it imports as one minified IIFE (nothing written to disk), with the modules it was built from. */
async function buildScript(root: string, entry: string, name: string): Promise<{ code: string; modules: string[] }> {
  const out = await build({
    root,
    configFile: false,
    logLevel: "warn",
    publicDir: false,
    build: {
      write: false,
      emptyOutDir: false,
      copyPublicDir: false,
      target: "es2022",
      minify: true,
      lib: { entry, formats: ["iife"], name, fileName: () => "script.js" },
    },
  });
  const chunks = (Array.isArray(out) ? out : [out]).flatMap((o) => ("output" in o ? o.output : [])).filter((c) => c.type === "chunk");
  if (chunks.length !== 1) throw new Error(`${entry}: expected one script, got ${chunks.map((c) => c.fileName).join(", ")}`);
  return { code: chunks[0]!.code, modules: chunks[0]!.moduleIds };
}
