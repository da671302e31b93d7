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
 * One profile and page walk the parts in order (each part starts from what the previous one left).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { createServer, request, type IncomingMessage } from "node:http";
import { expect, test } from "@playwright/test";
import type { BrowserContext, Page } from "playwright-core";
import { diskChunkPaths, offlineFiles } from "../src/sw/offline-plan";
import type { VmManifest } from "../src/vm/manifest";
import { openProfilePage } from "./browser";
import { typeLine, waitForTerminal, ART, MIN, PROMPT } from "./page-helpers";
import { freePort, startServer, type RunningServer } from "./server";
import { attachOnFailure, needVm, suiteLog } from "./spec-helpers";

const DOCKER_PS = /CONTAINER ID\s+IMAGE\s+COMMAND[\s\S]*# *$/;
const log = suiteLog("offline");
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
  await expect(async () => {
    if (await page.locator("[data-testid=boot-choose]").count()) await page.click("[data-testid=boot-choose] button:not(.primary)");
    if (await page.locator("[data-testid=boot-error]").count()) throw new Error(`boot failed: ${await page.locator("[data-testid=boot-error]").innerText()}`);
    expect(await page.locator(".boot-overlay").count(), "the boot to end").toBe(0);
  })
    .toPass({ timeout: 5 * MIN, intervals: [250] })
    .catch(async (e) => {
      const err = await page
        .locator("[data-testid=boot-error]")
        .innerText({ timeout: 1000 })
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

test.describe.serial("offline e2e", () => {
  let server: RunningServer;
  let proxy: Awaited<ReturnType<typeof countingProxy>>;
  let context: BrowserContext;
  let page: Page;
  let errors: string[] = [];
  let close: (() => Promise<void>) | undefined;
  const results: Record<string, unknown> = {};
  attachOnFailure(() => ({
    page,
    errors,
    results: { ...results, proxyWhileOffline: proxy && { requests: proxy.state.requests, refused: proxy.state.refused } },
  }));

  test.beforeAll(async () => {
    test.setTimeout(5 * MIN);
    needVm();
    server = await startServer("preview");
    proxy = await countingProxy(server.url);
    ({ context, page, errors, close } = await openProfilePage("offline-e2e"));
  });

  test.afterAll(async () => {
    await close?.();
    await proxy?.close();
    await server?.close();
  });

  test("1. first visit, online: the service worker takes control, the VM boots, docker ps answers, the VM artefacts are cached", async () => {
    test.setTimeout(10 * MIN);
    await page.goto(proxy.url);
    const first = await bootAndDockerPs(page);
    expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL ?? null), "the service worker controls the page").toBe(`${proxy.url}sw.js`);
    // Give the worker's cache writes (waitUntil) a moment to finish, then look at what is cached.
    let cached: Awaited<ReturnType<typeof cacheReport>> = {};
    await expect(async () => {
      cached = await cacheReport(page);
      const vm = Object.entries(cached).find(([name]) => name.startsWith("dockersandbox-vm-"));
      expect(vm, "a VM bucket").toBeTruthy();
      for (const f of ["manifest.json", manifest.v86.wasm.name, manifest.state.name]) expect(vm![1].vmFiles, "the VM artefacts in the cache").toContain(f);
      expect(vm![1].diskChunks, "disk chunks in the cache").toBeGreaterThan(0);
    }).toPass({ timeout: MIN, intervals: [500] });
    await page.waitForTimeout(2000);
    results.firstVisit = {
      ...first,
      bytes: proxy.state.bytes,
      requests: proxy.state.requests,
      byFile: Object.fromEntries([...proxy.state.byFile].filter(([, v]) => v > 100_000).map(([k, v]) => [k, mb(v)])),
    };
    results.caches = await cacheReport(page);
    expect(Object.keys(cached).filter((n) => n.startsWith("dockersandbox-vm-")).length, "one VM bucket").toBe(1);
    log("first visit:", mb(proxy.state.bytes), "in", proxy.state.requests, "requests; prompt after", first.promptMs, "ms");
    await page.screenshot({ path: `${ART}offline-01-first-visit.png` });
  });

  test("1b. the offline copy is partial (only what the boot read); Save for offline completes it", async () => {
    test.setTimeout(20 * MIN);
    const tCheck = Date.now();
    const partial = page.locator("[data-testid=offline-state][data-state=partial]");
    await partial.first().waitFor({ state: "attached", timeout: 3 * MIN });
    const partialText = await partial.first().innerText();
    log("offline copy state:", partialText, "(waited", Date.now() - tCheck, "ms)");
    const bytesBeforeSave = proxy.state.bytes;
    const tSave = Date.now();
    await page.click("[data-testid=offline-save]");
    let nextLog = tSave + 10_000;
    let lastFiles = "";
    let lastChange = Date.now();
    let completeText = "";
    await expect(async () => {
      const state = page.locator("[data-testid=offline-state]");
      expect(await state.count(), "the offline copy's state shown").toBeGreaterThan(0);
      const [kind, text, files] = [await state.getAttribute("data-state"), await state.innerText(), await state.getAttribute("data-files")];
      if (kind === "failed") throw new Error(`saving the offline copy failed: ${text}`);
      if (files !== lastFiles) [lastFiles, lastChange] = [files ?? "", Date.now()];
      if (kind === "saving" && Date.now() > nextLog) {
        log("  ", text, files);
        nextLog += 10_000;
      }
      if (kind === "saving" && Date.now() - lastChange > 60_000)
        throw new Error(`the offline copy stalled at ${files} files; not cached: ${(await missingVmFiles(page)).slice(0, 10).join(", ")}`);
      expect(kind, "the offline copy to be complete").toBe("complete");
      completeText = text;
    }).toPass({ timeout: 15 * MIN, intervals: [200] });
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
    expect(vmBucket[1].diskChunks, "every disk chunk is in the VM bucket").toBe(2048);
    expect(completeText).toMatch(/离线副本：完整，\d+ MB|Offline copy: complete, \d+ MB/);
    await page.screenshot({ path: `${ART}offline-01b-offline-copy-complete.png` });
  });

  test("2. network off (browser offline, server refusing), reload: the prompt and docker ps with 0 bytes over the network", async () => {
    test.setTimeout(12 * MIN);
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
    expect(proxy.state.bytes, "no bytes over the network on the offline visit").toBe(0);
    expect(fromNetwork, "every response of the offline visit comes from the service worker").toEqual([]);
    const tState = Date.now();
    const complete = page.locator("[data-testid=offline-state][data-state=complete]");
    await complete.first().waitFor({ state: "attached", timeout: 3 * MIN });
    const offlineState = await complete.first().innerText();
    results.secondVisitOffline = { ...(results.secondVisitOffline as object), offlineState, offlineStateShownAfterDockerPsMs: Date.now() - tState };
    log("offline copy state, offline:", offlineState, "shown", Date.now() - tState, "ms after docker ps");
  });

  test("3. offline, a disk chunk missing from the cache: the page says why the guest waits; back online the read completes", async () => {
    test.setTimeout(4 * MIN);
    // The last chunk of the disk (free space at the end of the filesystem: not read by boot or docker ps).
    const LAST = 2047;
    const chunk = "vm/" + diskChunkPaths(manifest.disk)[LAST];
    const deleted = await page.evaluate(async (path) => {
      const name = (await caches.keys()).find((n) => n.startsWith("dockersandbox-vm-"))!;
      return (await caches.open(name)).delete(new URL(path, document.baseURI).href);
    }, chunk);
    expect(deleted, `deleted ${chunk} from the cache`).toBe(true);
    expect(await page.locator("[data-testid=offline-missing]").count(), "no missing-file notice before").toBe(0);
    await typeLine(page, `dd if=/dev/sda of=/dev/null bs=1M skip=${LAST} count=1 iflag=direct && echo READ-OK`);
    const missing = page.locator("[data-testid=offline-missing]");
    await missing.first().waitFor({ state: "attached", timeout: 30_000 });
    const notice = await missing.first().innerText();
    log("notice:", notice);
    expect(notice).toMatch(/没有离线副本/);
    expect(notice.includes(chunk.replace(/^vm\//, "")), "the notice names the missing chunk").toBe(true);
    await page.screenshot({ path: `${ART}offline-03-missing-chunk.png` });
    // Back online: v86 retries the read, it completes, the notice goes.
    const tBack = Date.now();
    await context.setOffline(false);
    proxy.state.offline = false;
    await waitForTerminal(page, /^READ-OK\s*$/m, MIN);
    await expect(missing, "the notice to go").toHaveCount(0, { timeout: 30_000 });
    results.missingChunk = { chunk, notice, recoveredAfterOnlineMs: Date.now() - tBack };
    log("missing chunk: notice shown; read completed", Date.now() - tBack, "ms after going online");
  });

  test("4. online, the server has a new VM build: the old VM bucket goes, a new one starts", async () => {
    proxy.state.nextVmBuild = true;
    const before = Object.keys(await cacheReport(page)).filter((n) => n.startsWith("dockersandbox-vm-"));
    await page.evaluate(() => fetch("vm/manifest.json").then((r) => r.json()));
    const after = await cacheReport(page);
    const afterVm = Object.keys(after).filter((n) => n.startsWith("dockersandbox-vm-"));
    results.newVmBuild = { before, after: afterVm };
    expect(afterVm.length, "one VM bucket after the update").toBe(1);
    expect(afterVm[0], "the old VM bucket was replaced").not.toBe(before[0]);
    expect(after[afterVm[0]!]!.vmFiles, "the new bucket starts with the new manifest only").toEqual(["manifest.json"]);
    expect(
      Object.keys(after).some((n) => n.startsWith("dockersandbox-shell-")),
      "the app bucket stays",
    ).toBe(true);
  });

  test("no uncaught page errors", () => {
    expect(errors, "no uncaught page errors").toEqual([]);
    writeFileSync(`${ART}offline-results.json`, JSON.stringify(results, null, 2) + "\n");
    log("PASS", JSON.stringify(results, null, 2));
  });
});
