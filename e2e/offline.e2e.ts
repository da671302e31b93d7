/**
 * Offline e2e against the production build (dist/ via `vite preview`, behind a byte-counting proxy):
 * 1. first visit: the service worker takes control, the VM boots to the prompt, `docker ps` answers;
 *    the VM artefacts land in the Cache Storage bucket of this VM build;
 * 2. network off (the browser context offline, and the proxy refuses every connection), reload:
 *    the page boots to the prompt again and `docker ps` answers, with ~0 bytes over the network.
 * 3. back online, the server has a new VM build (its manifest's keys change): asking for the manifest
 *    replaces the old VM cache bucket by a new one (no boot needed for that).
 * Run: npx tsx e2e/offline.e2e.ts   (writes e2e/artifacts/offline-results.json)
 */
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, request, type IncomingMessage } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { launchChromiumProfile } from "./browser";
import { terminalText, typeLine, waitFor, waitForTerminal } from "./page-helpers";
import { freePort, startServer } from "./server";

const ART = new URL("./artifacts/", import.meta.url).pathname;
mkdirSync(ART, { recursive: true });
if (!existsSync(new URL("../public/vm/manifest.json", import.meta.url))) {
  console.error("public/vm/manifest.json is missing: run `npm run build:vm` first");
  process.exit(2);
}

const PROMPT = /root@docker-host:[^\n]*# *$/m;
const DOCKER_PS = /CONTAINER ID\s+IMAGE\s+COMMAND[\s\S]*# *$/;
const MIN = 60_000;
const log = (...a: unknown[]) => console.log(`[offline ${new Date().toISOString().slice(11, 19)}]`, ...a);
const mb = (n: number) => `${(n / 1e6).toFixed(2)} MB`;

/** A proxy in front of the static server: counts what crosses it, and can play "network down". */
async function countingProxy(target: string) {
  const up = new URL(target);
  const state = { bytes: 0, requests: 0, refused: 0, offline: false, nextVmBuild: false, byFile: new Map<string, number>(), contentType: new Map<string, string>() };
  const headerBytes = (r: IncomingMessage) => r.rawHeaders.reduce((n, h) => n + h.length + 2, 20);
  const server = createServer((req, res) => {
    if (state.offline) {
      state.refused++;
      req.socket.destroy();
      return;
    }
    state.requests++;
    const path = (req.url ?? "/").split("?")[0];
    if (state.nextVmBuild && path === "/vm/manifest.json") {
      // a new VM build on the server: same files, other build keys
      const m = JSON.parse(readFileSync(new URL("../dist/vm/manifest.json", import.meta.url), "utf8"));
      m.build.stateKey += "-next";
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(m));
      return;
    }
    const fwd = request({ host: up.hostname, port: up.port, path: req.url, method: req.method, headers: req.headers }, (r) => {
      let n = headerBytes(r);
      state.contentType.set(path, String(r.headers["content-type"] ?? ""));
      r.on("data", (c: Buffer) => (n += c.length));
      r.on("end", () => {
        state.bytes += n;
        const key = path.replace(/^\/vm\/disk\/.*/, "/vm/disk/*");
        state.byFile.set(key, (state.byFile.get(key) ?? 0) + n);
      });
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    fwd.on("error", () => res.destroy());
    req.pipe(fwd);
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${port}/`,
    state,
    reset() {
      Object.assign(state, { bytes: 0, requests: 0, refused: 0 });
      state.byFile.clear();
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Cache Storage as the page sees it: bucket → number of entries, and which VM files the vm bucket holds. */
function cacheReport(page: Page) {
  return page.evaluate(async () => {
    const out: Record<string, { entries: number; vmFiles: string[]; diskChunks: number }> = {};
    for (const name of await caches.keys()) {
      const keys = await (await caches.open(name)).keys();
      const paths = keys.map((r) => new URL(r.url).pathname);
      out[name] = {
        entries: keys.length,
        vmFiles: paths.filter((p) => /\/vm\/[^/]+$/.test(p)).map((p) => p.split("/").pop()!),
        diskChunks: paths.filter((p) => p.includes("/vm/disk/")).length,
      };
    }
    return out;
  });
}

/** Boots (answering the resume offer with "start fresh": this test is about the shipped snapshot) to the prompt, then docker ps. */
async function bootAndDockerPs(page: Page): Promise<{ promptMs: number; dockerPsMs: number }> {
  const t0 = Date.now();
  await waitFor("the boot to end", async () => {
    if (await page.locator("[data-testid=boot-choose]").count()) await page.click("[data-testid=boot-choose] button:not(.primary)");
    if (await page.locator("[data-testid=boot-error]").count()) throw new Error(`boot failed: ${await page.locator("[data-testid=boot-error]").innerText()}`);
    return (await page.locator(".boot-overlay").count()) === 0;
  }, 5 * MIN, 250).catch(async (e) => {
    const err = await page.locator("[data-testid=boot-error]").innerText().catch(() => "");
    throw err ? new Error(`boot failed: ${err}`) : e;
  });
  await waitForTerminal(page, PROMPT, MIN);
  const promptMs = Date.now() - t0;
  const t1 = Date.now();
  await typeLine(page, "docker ps");
  await waitForTerminal(page, DOCKER_PS, 2 * MIN);
  return { promptMs, dockerPsMs: Date.now() - t1 };
}

const server = await startServer("preview");
const proxy = await countingProxy(server.url);
const profile = mkdtempSync(join(tmpdir(), "offline-e2e-"));
const context = await launchChromiumProfile(profile);
const page = context.pages()[0] ?? (await context.newPage());
const errors: string[] = [];
page.on("pageerror", (e) => errors.push(e.message));
const results: Record<string, unknown> = {};

try {
  // 1. First visit, online.
  await page.goto(proxy.url);
  const first = await bootAndDockerPs(page);
  assert.equal(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL ?? null), `${proxy.url}sw.js`, "the service worker controls the page");
  // Give the worker's cache writes (waitUntil) a moment to finish, then look at what is cached.
  const cached = await waitFor("the VM artefacts in the cache", async () => {
    const r = await cacheReport(page);
    const vm = Object.entries(r).find(([name]) => name.startsWith("dockersandbox-vm-"));
    return vm && ["manifest.json", "v86.wasm", "bios.bin", "vgabios-stdvga.bin", "state.bin.zst"].every((f) => vm[1].vmFiles.includes(f)) && vm[1].diskChunks > 0 ? r : null;
  }, MIN, 500);
  await page.waitForTimeout(2000);
  results.firstVisit = {
    ...first,
    bytes: proxy.state.bytes,
    requests: proxy.state.requests,
    byFile: Object.fromEntries([...proxy.state.byFile].filter(([, v]) => v > 100_000).map(([k, v]) => [k, mb(v)])),
  };
  results.caches = await cacheReport(page);
  results.wasmContentType = proxy.state.contentType.get("/vm/v86.wasm");
  assert.equal(results.wasmContentType, "application/wasm", "vite preview serves .wasm as application/wasm");
  assert.equal(Object.keys(cached).filter((n) => n.startsWith("dockersandbox-vm-")).length, 1, "one VM bucket");
  log("first visit:", mb(proxy.state.bytes), "in", proxy.state.requests, "requests; prompt after", first.promptMs, "ms");
  await page.screenshot({ path: `${ART}offline-01-first-visit.png` });

  // 2. Network off: the browser is offline and the server refuses connections. Reload.
  proxy.reset();
  proxy.state.offline = true;
  await context.setOffline(true);
  const fromNetwork: string[] = [];
  page.on("response", (r) => {
    if (!r.fromServiceWorker() && !r.url().startsWith("data:") && !r.url().startsWith("blob:")) fromNetwork.push(r.url());
  });
  const failed: string[] = [];
  page.on("requestfailed", (r) => failed.push(`${r.url().replace(proxy.url, "")} ${r.failure()?.errorText ?? ""}`));
  page.on("console", (m) => m.type() === "error" && failed.push(`console: ${m.text().slice(0, 200)}`));
  results.failedOffline = failed;
  await page.reload();
  const second = await bootAndDockerPs(page);
  results.secondVisitOffline = { ...second, bytes: proxy.state.bytes, requests: proxy.state.requests, refusedConnections: proxy.state.refused, responsesNotFromServiceWorker: fromNetwork };
  log("second visit (offline):", mb(proxy.state.bytes), "in", proxy.state.requests, "requests; prompt after", second.promptMs, "ms");
  await page.screenshot({ path: `${ART}offline-02-second-visit-offline.png` });
  assert.equal(proxy.state.bytes, 0, "no bytes over the network on the offline visit");
  assert.deepEqual(fromNetwork, [], "every response of the offline visit comes from the service worker");

  // 3. Online again, and the server has a new VM build: the old VM bucket goes, a new one starts.
  await context.setOffline(false);
  proxy.state.offline = false;
  proxy.state.nextVmBuild = true;
  const before = Object.keys(await cacheReport(page)).filter((n) => n.startsWith("dockersandbox-vm-"));
  await page.evaluate(() => fetch("vm/manifest.json").then((r) => r.json()));
  const after = await cacheReport(page);
  const afterVm = Object.keys(after).filter((n) => n.startsWith("dockersandbox-vm-"));
  results.newVmBuild = { before, after: afterVm };
  assert.equal(afterVm.length, 1, "one VM bucket after the update");
  assert.notEqual(afterVm[0], before[0], "the old VM bucket was replaced");
  assert.deepEqual(after[afterVm[0]!]!.vmFiles, ["manifest.json"], "the new bucket starts with the new manifest only");
  assert.ok(Object.keys(after).some((n) => n.startsWith("dockersandbox-shell-")), "the app bucket stays");

  assert.deepEqual(errors, [], "no uncaught page errors");
  writeFileSync(`${ART}offline-results.json`, JSON.stringify(results, null, 2) + "\n");
  log("PASS", JSON.stringify(results, null, 2));
} catch (e) {
  await page.screenshot({ path: `${ART}offline-failure.png` }).catch(() => {});
  log("terminal at failure:\n" + (await terminalText(page).catch(() => "")));
  results.proxyWhileOffline = { requests: proxy.state.requests, refused: proxy.state.refused };
  log("results so far", JSON.stringify(results, null, 2));
  if (errors.length) log("page errors:", errors);
  throw e;
} finally {
  await context.close();
  await proxy.close();
  await server.close();
  rmSync(profile, { recursive: true, force: true });
}
