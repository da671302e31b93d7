#!/usr/bin/env node
// npm start: install what is missing (npm packages, Debian build tools, the VM image), build the page,
// serve it on localhost and print the URL. Plain Node: it runs before node_modules exists.
import { spawnSync, spawn } from "node:child_process";
import { existsSync } from "node:fs";

const root = new URL("..", import.meta.url).pathname;
const run = (what, cmd, args, opts = {}) => {
  console.log(`\n▶ ${what}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit", ...opts });
  if (r.status !== 0) {
    console.error(`✖ ${what} failed (exit ${r.status})`);
    process.exit(r.status ?? 1);
  }
};

if (!existsSync(`${root}node_modules/.package-lock.json`)) run("npm ci (first run)", "npm", ["ci", "--no-audit", "--no-fund"]);
if (!existsSync(`${root}public/vm/manifest.json`) || process.env.REBUILD_VM !== "0") {
  if (process.getuid?.() !== 0) {
    console.error("The VM image is built from Debian packages and needs root (mmdebstrap, binfmt). Run: sudo npm start");
    process.exit(1);
  }
  run("VM image (Debian i386 packages → disk, kernel, snapshot; first time ~15 min, then cached)", "bash", ["vm/build.sh"]);
}
run("page build (vite)", "npx", ["vite", "build"]);
const port = process.env.PORT ?? "5173";
console.log(`\n▶ serving dist/ — open http://127.0.0.1:${port}/`);
spawn("npx", ["vite", "preview", "--port", port, "--strictPort", "--host", "127.0.0.1"], { cwd: root, stdio: "inherit" });
