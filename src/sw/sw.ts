/// <reference lib="webworker" />
/**
 * The offline service worker (built to dist/sw.js by the plugin in vite.config.ts; registered by register.ts in
 * production builds only). It precaches the app shell at install and caches every VM artefact the page
 * fetches under vm/ (the disk's chunks one by one, as the guest reads them), so a second visit boots with
 * the network off. Decisions live in cache-plan.ts. It never fetches anything outside its own scope.
 *
 * "Save for offline" (offline-plan.ts, src/store/offline-store.ts): the page asks for each VM file with the
 * SAVE_HEADER; the worker stores it in the VM bucket if missing and answers 204 with its size, no body.
 * A VM file that is neither cached nor fetchable (offline) is answered 503 (v86 retries those) and every
 * page is told, so the learner sees why the machine waits.
 */
import { isVmCache, parseRange, routeOf, shellCacheName, staleCaches, vmCacheName, type VmBuildFields } from "./cache-plan";
import { SAVE_HEADER, SIZE_HEADER, type SwToPage } from "./offline-plan";

declare const self: ServiceWorkerGlobalScope;

/** The app files relative to the site root; the build replaces this placeholder with their JSON list. */
const SHELL_FILES: string[] = JSON.parse("__SW_SHELL_FILES__");
const SHELL_CACHE = shellCacheName(SHELL_FILES);
const shellSet = new Set(SHELL_FILES);
const PAGE_TIMEOUT_MS = 5000;

const scope = () => self.registration.scope;
const abs = (path: string) => new URL(path, scope()).href;

self.addEventListener("install", (e) => {
  e.waitUntil(
    (async () => {
      const cache = await caches.open(SHELL_CACHE);
      // index.html is revalidated; the hashed files may come from the HTTP cache (the page just loaded some).
      await cache.addAll(SHELL_FILES.map((f) => new Request(abs(f), { cache: f === "index.html" ? "no-cache" : "default" })));
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener("activate", (e) => {
  e.waitUntil(
    (async () => {
      await Promise.all(staleCaches(await caches.keys(), { shell: SHELL_CACHE }).map((n) => caches.delete(n)));
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("fetch", (e) => {
  const route = routeOf(e.request, scope(), shellSet);
  if ((route === "vm" || route === "vm-manifest") && e.request.headers.has(SAVE_HEADER)) return e.respondWith(saveVmFile(e.request));
  switch (route) {
    case "page":
      return e.respondWith(page(e.request));
    case "shell":
      return e.respondWith(shellFile(e));
    case "vm-manifest":
      return e.respondWith(vmManifest(e.request));
    case "vm":
      return e.respondWith(vmFile(e));
  }
});

/** Network first (with a time limit), the precached index.html when offline. */
async function page(req: Request): Promise<Response> {
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), PAGE_TIMEOUT_MS);
  try {
    const res = await fetch(req, { signal: ctl.signal });
    if (res.ok) return res;
    return (await cachedPage()) ?? res;
  } catch (err) {
    const cached = await cachedPage();
    if (cached) return cached;
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

async function cachedPage(): Promise<Response | undefined> {
  return (await caches.match(abs("index.html"), { cacheName: SHELL_CACHE })) ?? caches.match(abs("index.html"));
}

/** Cache first: the names carry content hashes. Files missing from the precache list are stored when fetched. */
async function shellFile(e: FetchEvent): Promise<Response> {
  const hit = await caches.match(e.request, { ignoreSearch: true, ignoreVary: true });
  if (hit) return hit;
  const res = await fetch(e.request);
  if (res.status === 200) e.waitUntil(caches.open(SHELL_CACHE).then((c) => c.put(e.request, res.clone())));
  return res;
}

// ---- VM artefacts: one bucket per VM build (see cache-plan.ts) ----

let vmBucket: Promise<string> | null = null;

/** Makes `name` the current VM bucket and drops the buckets of older VM builds. */
async function adoptVmBucket(name: string): Promise<string> {
  vmBucket = Promise.resolve(name);
  await Promise.all(staleCaches(await caches.keys(), { vm: name }).map((n) => caches.delete(n)));
  return name;
}

/** The current VM bucket: known, or the one in Cache Storage, or learned from the network's manifest. */
function currentVmBucket(): Promise<string> {
  vmBucket ??= (async () => {
    const existing = (await caches.keys()).filter(isVmCache);
    if (existing.length) return existing[existing.length - 1];
    const { res, bucket } = await fetchManifest(new Request(abs("vm/manifest.json")));
    if (!bucket) throw new Error(`VM manifest unavailable (${res.status})`);
    return bucket;
  })().catch((err) => {
    vmBucket = null;
    throw err;
  });
  return vmBucket;
}

/** The manifest from the network; one with another build rotates the VM bucket. Throws when offline. */
async function fetchManifest(req: Request): Promise<{ res: Response; bucket?: string }> {
  const res = await fetch(req, { cache: "no-cache" });
  if (!res.ok) return { res };
  const bucket = vmCacheName((await res.clone().json()) as VmBuildFields);
  await adoptVmBucket(bucket);
  await (await caches.open(bucket)).put(abs("vm/manifest.json"), res.clone());
  return { res, bucket };
}

/** Network first (a new VM build shows at once); offline, or if the host errs, the cached manifest. */
async function vmManifest(req: Request): Promise<Response> {
  try {
    const { res } = await fetchManifest(req);
    return res.ok ? res : ((await cachedVmFile(req.url)) ?? res);
  } catch (err) {
    const cached = await cachedVmFile(req.url);
    if (cached) return cached;
    throw err;
  }
}

async function cachedVmFile(url: string): Promise<Response | undefined> {
  const name = await currentVmBucket().catch(() => null);
  return name ? (await caches.open(name)).match(url, { ignoreSearch: true, ignoreVary: true }) : undefined;
}

/** Cache first; a miss is fetched and stored whole (a Range request is passed through and not stored). */
async function vmFile(e: FetchEvent): Promise<Response> {
  const req = e.request;
  const name = await currentVmBucket().catch(() => null);
  const cache = name ? await caches.open(name) : null;
  const hit = await cache?.match(req.url, { ignoreSearch: true, ignoreVary: true });
  if (hit) return answerRange(req, hit);
  let res: Response;
  try {
    res = await fetch(req);
  } catch {
    // Offline and not cached. v86 retries a 5xx with a growing delay (up to 34 s), so the guest
    // continues once the network is back; meanwhile the page says what is missing.
    e.waitUntil(tellUnavailable(req.url));
    return new Response("not available offline", { status: 503, statusText: "Not available offline", headers: { "Content-Type": "text/plain" } });
  }
  if (unavailable.size) e.waitUntil(tellAvailable(req.url));
  if (cache && res.status === 200 && !req.headers.has("range")) e.waitUntil(cache.put(req.url, res.clone()));
  return res;
}

// ---- missing VM files: tell the pages ----

/** VM files that could not be had (URL → when the pages were last told); forgotten when the worker stops. */
const unavailable = new Map<string, number>();
const TELL_EVERY_MS = 10_000;

async function tellPages(msg: SwToPage): Promise<void> {
  for (const c of await self.clients.matchAll({ type: "window" })) c.postMessage(msg);
}

async function tellUnavailable(fullUrl: string): Promise<void> {
  const url = fullUrl.split("?")[0]!;
  const now = Date.now();
  const last = unavailable.get(url);
  unavailable.set(url, now);
  if (last !== undefined && now - last < TELL_EVERY_MS) return;
  await tellPages({ type: "dockersandbox:vm-file-unavailable", path: new URL(url).pathname.slice(new URL(scope()).pathname.length) });
}

async function tellAvailable(url: string): Promise<void> {
  if (!unavailable.delete(url.split("?")[0]!) || unavailable.size) return;
  await tellPages({ type: "dockersandbox:vm-files-available" });
}

// ---- save for offline ----

/** Makes sure a VM file is in the current VM bucket; answers 204 with its stored size (no body), or an error status. */
async function saveVmFile(req: Request): Promise<Response> {
  const url = req.url.split("?")[0]!;
  let name: string;
  try {
    name = await currentVmBucket();
  } catch {
    return new Response(null, { status: 503, statusText: "VM manifest unavailable" });
  }
  const cache = await caches.open(name);
  let stored = await cache.match(url, { ignoreSearch: true, ignoreVary: true });
  if (!stored) {
    let res: Response;
    try {
      // revalidated: a new VM build reuses the chunk names, an HTTP-cached copy of the old one must not be stored
      res = await fetch(url, { cache: "no-cache" });
    } catch {
      return new Response(null, { status: 503, statusText: "Network unavailable" });
    }
    if (res.status !== 200) return new Response(null, { status: res.status === 404 ? 404 : 502, statusText: `HTTP ${res.status}` });
    await cache.put(url, res);
    stored = await cache.match(url);
    if (!stored) return new Response(null, { status: 507, statusText: "Not stored" });
    if (unavailable.size) await tellAvailable(url);
  }
  return new Response(null, { status: 204, headers: { [SIZE_HEADER]: String(await storedSize(stored)) } });
}

/** The size of a cached response: its Content-Length, else its body's (a cached blob: its size is known without reading it). */
async function storedSize(res: Response): Promise<number> {
  const n = Number(res.headers.get("content-length"));
  const encoded = (res.headers.get("content-encoding") ?? "identity") !== "identity";
  return !encoded && Number.isFinite(n) && n > 0 ? n : (await res.blob()).size;
}

/** A cached whole file answers a Range request with 206 (or 416), as a static host would. */
async function answerRange(req: Request, whole: Response): Promise<Response> {
  const header = req.headers.get("range");
  if (!header) return whole;
  const body = await whole.arrayBuffer();
  const range = parseRange(header, body.byteLength);
  const headers = new Headers(whole.headers);
  if (range === null) return new Response(body, { status: 200, headers });
  if (range === "invalid") return new Response(null, { status: 416, headers: { "Content-Range": `bytes */${body.byteLength}` } });
  headers.set("Content-Range", `bytes ${range.start}-${range.end}/${body.byteLength}`);
  headers.set("Content-Length", String(range.end - range.start + 1));
  return new Response(body.slice(range.start, range.end + 1), { status: 206, headers });
}
