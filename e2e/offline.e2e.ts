/**
 * Offline e2e against the production build (dist/ via `vite preview`, behind a byte-counting proxy):
 * 1. first visit: the service worker takes control, the VM boots to the prompt, `docker ps` answers;
 *    the VM artefacts land in the Cache Storage bucket of this VM build; the header shows a partial
 *    offline copy; "Save for offline" (离线可用) downloads the rest until it says "complete" — every
 *    disk chunk is then in the bucket (without it, a chunk the guest never read online hangs it offline);
 * 2. network off (the browser context offline, and the proxy refuses every connection), reload:
 *    the page boots to the prompt again and `docker ps` answers, with 0 bytes over the network;
 * 3. still offline, one disk chunk is deleted from the cache and the guest reads it (dd on /dev/sda):
 *    the page shows "not available offline"; back online, the read completes and the notice goes;
 * 4. back online, the server has a new VM build (its manifest's keys change): asking for the manifest
 *    replaces the old VM cache bucket by a new one (no boot needed for that).
 * Run: npm run test:e2e:offline   (writes e2e/artifacts/offline-results.json)
 */
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { createServer, request, type IncomingMessage } from "node:http";
import type { Page } from "playwright-core";
import { diskChunkPaths, offlineFiles } from "../src/sw/offline-plan";
import type { VmManifest } from "../src/vm/manifest";
import { openProfilePage } from "./browser";
import { terminalText, typeLine, waitFor, waitForTerminal, ART, MIN, PROMPT, e2ePreamble } from "./page-helpers";
import { freePort, startServer } from "./server";

const DOCKER_PS = /CONTAINER ID\s+IMAGE\s+COMMAND[\s\S]*# *$/;
const log = e2ePreamble("offline");
/** The VM build under test (its snapshot and disk chunk names carry the build keys). */
const manifest = JSON.parse(readFileSync(new URL("../public/vm/manifest.json", import.meta.url), "utf8")) as VmManifest;
const mb = (n: number) => `${(n / 1e6).toFixed(2)} MB`;

/** A proxy in front of the static server: counts what crosses it, and can play "network down". */
async function countingProxy(target: string) {
  const up = new URL(target);
  const state = {
    bytes: 0,
    requests: 0,
    refused: 0,
    offline: false,
    nextVmBuild: false,
    byFile: new Map<string, number>(),
  };
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
      r.on("data", (c: Buffer) => (n += c.length));
      r.on("end", () => {
        state.bytes += n;
        const key = path.replace(/^\/vm\/disk-[0-9a-f]+\/.*/, "/vm/disk-*/*").replace(/^\/vm\/state-[0-9a-f]+\.bin\.zst$/, "/vm/state-*.bin.zst");
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
        diskChunks: paths.filter((p) => /\/vm\/disk-[0-9a-f]+\//.test(p)).length,
      };
    }
    return out;
  });
}

/** The files of the offline copy (manifest + v86 naming of the disk chunks) that are not in the VM bucket. */
function missingVmFiles(page: Page): Promise<string[]> {
  const files = offlineFiles(manifest).map((f) => f.path.replace(/^vm\//, ""));
  return page.evaluate(async (want) => {
    const name = (await caches.keys()).find((n) => n.startsWith("dockersandbox-vm-"));
    const have = new Set(name ? (await (await caches.open(name)).keys()).map((r) => new URL(r.url).pathname.replace(/^.*?\/vm\//, "")) : []);
    return want.filter((f) => !have.has(f));
  }, files);
}

/** Boots (answering the resume offer with "start fresh": this test is about the shipped snapshot) to the prompt, then docker ps. */
async function bootAndDockerPs(page: Page): Promise<{ promptMs: number; dockerPsMs: number }> {
  const t0 = Date.now();
  await waitFor(
    "the boot to end",
    async () => {
      if (await page.locator("[data-testid=boot-choose]").count()) await page.click("[data-testid=boot-choose] button:not(.primary)");
      if (await page.locator("[data-testid=boot-error]").count()) throw new Error(`boot failed: ${await page.locator("[data-testid=boot-error]").innerText()}`);
      return (await page.locator(".boot-overlay").count()) === 0;
    },
    5 * MIN,
    250,
  ).catch(async (e) => {
    const err = await page
      .locator("[data-testid=boot-error]")
      .innerText()
      .catch(() => "");
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
const { context, page, errors, close } = await openProfilePage("offline-e2e");
const results: Record<string, unknown> = {};

try {
  // 1. First visit, online.
  await page.goto(proxy.url);
  const first = await bootAndDockerPs(page);
  assert.equal(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL ?? null), `${proxy.url}sw.js`, "the service worker controls the page");
  // Give the worker's cache writes (waitUntil) a moment to finish, then look at what is cached.
  const cached = await waitFor(
    "the VM artefacts in the cache",
    async () => {
      const r = await cacheReport(page);
      const vm = Object.entries(r).find(([name]) => name.startsWith("dockersandbox-vm-"));
      return vm && ["manifest.json", manifest.v86.wasm.name, manifest.state.name].every((f) => vm[1].vmFiles.includes(f)) && vm[1].diskChunks > 0 ? r : null;
    },
    MIN,
    500,
  );
  await page.waitForTimeout(2000);
  results.firstVisit = {
    ...first,
    bytes: proxy.state.bytes,
    requests: proxy.state.requests,
    byFile: Object.fromEntries([...proxy.state.byFile].filter(([, v]) => v > 100_000).map(([k, v]) => [k, mb(v)])),
  };
  results.caches = await cacheReport(page);
  assert.equal(Object.keys(cached).filter((n) => n.startsWith("dockersandbox-vm-")).length, 1, "one VM bucket");
  log("first visit:", mb(proxy.state.bytes), "in", proxy.state.requests, "requests; prompt after", first.promptMs, "ms");
  await page.screenshot({ path: `${ART}offline-01-first-visit.png` });

  // 1b. The offline copy is partial (only what the boot read); "Save for offline" completes it.
  const tCheck = Date.now();
  const partialText = await waitFor(
    "the offline copy's state",
    async () => {
      const el = page.locator("[data-testid=offline-state][data-state=partial]");
      return (await el.count()) ? el.innerText() : null;
    },
    3 * MIN,
    250,
  );
  log("offline copy state:", partialText, "(waited", Date.now() - tCheck, "ms)");
  const bytesBeforeSave = proxy.state.bytes;
  const tSave = Date.now();
  await page.click("[data-testid=offline-save]");
  let nextLog = tSave + 10_000;
  let lastFiles = "";
  let lastChange = Date.now();
  const completeText = await waitFor(
    "the offline copy to be complete",
    async () => {
      const state = page.locator("[data-testid=offline-state]");
      if (!(await state.count())) return null;
      const [kind, text, files] = [await state.getAttribute("data-state"), await state.innerText(), await state.getAttribute("data-files")];
      if (kind === "failed") throw new Error(`saving the offline copy failed: ${text}`);
      if (files !== lastFiles) [lastFiles, lastChange] = [files ?? "", Date.now()];
      if (kind === "saving" && Date.now() > nextLog) {
        log("  ", text, files);
        nextLog += 10_000;
      }
      if (kind === "saving" && Date.now() - lastChange > 60_000)
        throw new Error(`the offline copy stalled at ${files} files; not cached: ${(await missingVmFiles(page)).slice(0, 10).join(", ")}`);
      return kind === "complete" ? text : null;
    },
    15 * MIN,
    200,
  );
  const saveMs = Date.now() - tSave;
  await page.waitForTimeout(500);
  const afterSave = await cacheReport(page);
  const vmBucket = Object.entries(afterSave).find(([name]) => name.startsWith("dockersandbox-vm-"))!;
  results.offlineCopy = {
    before: partialText,
    after: completeText,
    saveMs,
    downloadedBytes: proxy.state.bytes - bytesBeforeSave,
    diskChunks: vmBucket[1].diskChunks,
    vmFiles: vmBucket[1].vmFiles,
    usage: await page.evaluate(async () => (await navigator.storage.estimate()).usage ?? null),
  };
  log("offline copy:", partialText, "→", completeText, "in", saveMs, "ms;", mb(proxy.state.bytes - bytesBeforeSave), "downloaded");
  assert.equal(vmBucket[1].diskChunks, 2048, "every disk chunk is in the VM bucket");
  assert.match(completeText, /离线副本：完整，\d+ MB|Offline copy: complete, \d+ MB/);
  await page.screenshot({ path: `${ART}offline-01b-offline-copy-complete.png` });

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
  results.secondVisitOffline = {
    ...second,
    bytes: proxy.state.bytes,
    requests: proxy.state.requests,
    refusedConnections: proxy.state.refused,
    responsesNotFromServiceWorker: fromNetwork,
  };
  log("second visit (offline):", mb(proxy.state.bytes), "in", proxy.state.requests, "requests; prompt after", second.promptMs, "ms");
  await page.screenshot({ path: `${ART}offline-02-second-visit-offline.png` });
  assert.equal(proxy.state.bytes, 0, "no bytes over the network on the offline visit");
  assert.deepEqual(fromNetwork, [], "every response of the offline visit comes from the service worker");
  const tState = Date.now();
  const offlineState = await waitFor(
    "the offline copy's state, offline",
    async () => {
      const el = page.locator("[data-testid=offline-state][data-state=complete]");
      return (await el.count()) ? el.innerText() : null;
    },
    3 * MIN,
    250,
  );
  results.secondVisitOffline = { ...(results.secondVisitOffline as object), offlineState, offlineStateShownAfterDockerPsMs: Date.now() - tState };
  log("offline copy state, offline:", offlineState, "shown", Date.now() - tState, "ms after docker ps");

  // 3. Still offline, a disk chunk missing from the cache: the guest reads it, the page says why it waits.
  // The last chunk of the disk (free space at the end of the filesystem: not read by boot or docker ps).
  const LAST = 2047;
  const chunk = "vm/" + diskChunkPaths(manifest.disk)[LAST];
  const deleted = await page.evaluate(async (path) => {
    const name = (await caches.keys()).find((n) => n.startsWith("dockersandbox-vm-"))!;
    return (await caches.open(name)).delete(new URL(path, document.baseURI).href);
  }, chunk);
  assert.ok(deleted, `deleted ${chunk} from the cache`);
  assert.equal(await page.locator("[data-testid=offline-missing]").count(), 0, "no missing-file notice before");
  await typeLine(page, `dd if=/dev/sda of=/dev/null bs=1M skip=${LAST} count=1 iflag=direct && echo READ-OK`);
  const notice = await waitFor(
    "the missing-file notice",
    async () => {
      const el = page.locator("[data-testid=offline-missing]");
      return (await el.count()) ? el.innerText() : null;
    },
    30_000,
    200,
  );
  log("notice:", notice);
  assert.match(notice, /没有离线副本/);
  assert.ok(notice.includes(chunk.replace(/^vm\//, "")), "the notice names the missing chunk");
  await page.screenshot({ path: `${ART}offline-03-missing-chunk.png` });
  // Back online: v86 retries the read, it completes, the notice goes.
  const tBack = Date.now();
  await context.setOffline(false);
  proxy.state.offline = false;
  await waitForTerminal(page, /^READ-OK\s*$/m, MIN);
  await waitFor("the notice to go", async () => (await page.locator("[data-testid=offline-missing]").count()) === 0, 30_000, 200);
  results.missingChunk = { chunk, notice, recoveredAfterOnlineMs: Date.now() - tBack };
  log("missing chunk: notice shown; read completed", Date.now() - tBack, "ms after going online");

  // 4. Online again, and the server has a new VM build: the old VM bucket goes, a new one starts.
  proxy.state.nextVmBuild = true;
  const before = Object.keys(await cacheReport(page)).filter((n) => n.startsWith("dockersandbox-vm-"));
  await page.evaluate(() => fetch("vm/manifest.json").then((r) => r.json()));
  const after = await cacheReport(page);
  const afterVm = Object.keys(after).filter((n) => n.startsWith("dockersandbox-vm-"));
  results.newVmBuild = { before, after: afterVm };
  assert.equal(afterVm.length, 1, "one VM bucket after the update");
  assert.notEqual(afterVm[0], before[0], "the old VM bucket was replaced");
  assert.deepEqual(after[afterVm[0]!]!.vmFiles, ["manifest.json"], "the new bucket starts with the new manifest only");
  assert.ok(
    Object.keys(after).some((n) => n.startsWith("dockersandbox-shell-")),
    "the app bucket stays",
  );

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
  await close();
  await proxy.close();
  await server.close();
}
