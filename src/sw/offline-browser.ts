/**
 * The offline copy's browser side: Cache Storage read directly (what is stored, and how big), files stored
 * by the service worker (a request with SAVE_HEADER), and the worker's messages about missing VM files.
 */
import { vmCacheName, type VmBuildFields } from "./cache-plan";
import { SAVE_HEADER, SIZE_HEADER, isSwToPage, type OfflineFile, type OfflineManifestFields } from "./offline-plan";
import type { KeyValue } from "../lib/kv";
import type { OfflineDeps, OfflineState } from "../store/offline-store";
import type { StoreApi } from "zustand/vanilla";

const hasSw = () => typeof navigator !== "undefined" && "serviceWorker" in navigator;
const siteUrl = (path: string) => new URL(path, document.baseURI).href;

/** The size of a cached response without reading its body when the headers say it. */
async function storedSize(res: Response): Promise<number> {
  const n = Number(res.headers.get("content-length"));
  const encoded = (res.headers.get("content-encoding") ?? "identity") !== "identity";
  return !encoded && Number.isFinite(n) && n > 0 ? n : (await res.blob()).size;
}

export function browserOfflineDeps(kv: KeyValue): OfflineDeps {
  return {
    kv,
    available: () => hasSw() && !!navigator.serviceWorker.controller && typeof caches !== "undefined",
    online: () => navigator.onLine,
    async loadManifest() {
      const res = await fetch(siteUrl("vm/manifest.json"));
      if (!res.ok) throw new Error(`VM manifest: HTTP ${res.status}`);
      return (await res.json()) as OfflineManifestFields;
    },
    async cachedSizes(m: OfflineManifestFields, files: readonly OfflineFile[]) {
      const out = new Map<string, number>();
      const name = vmCacheName(m as unknown as VmBuildFields);
      if (!(await caches.has(name))) return out;
      const cache = await caches.open(name);
      const rootPath = new URL(document.baseURI).pathname.replace(/[^/]*$/, "");
      const rel = (url: string) => decodeURIComponent(new URL(url).pathname.slice(rootPath.length));
      const wanted = new Map(files.map((f) => [f.path, f]));
      // One call for every stored response and its headers (2000+ single lookups take minutes on a busy machine);
      // a response stored from a fetch keeps its URL. Those without one are looked up by their keys.
      for (const res of await cache.matchAll(undefined, { ignoreSearch: true, ignoreVary: true })) {
        const f = res.url ? wanted.get(rel(res.url)) : undefined;
        if (f) out.set(f.path, f.size ?? (await storedSize(res)));
      }
      if (out.size < files.length) {
        for (const req of await cache.keys()) {
          const f = wanted.get(rel(req.url));
          if (!f || out.has(f.path)) continue;
          const res = await cache.match(req, { ignoreSearch: true, ignoreVary: true });
          if (res) out.set(f.path, f.size ?? (await storedSize(res)));
        }
      }
      return out;
    },
    async store(path: string) {
      const res = await fetch(siteUrl(path), { headers: { [SAVE_HEADER]: "1" }, cache: "no-store" });
      if (res.status === 204) return Number(res.headers.get(SIZE_HEADER)) || 0;
      if (res.status === 503) throw new Error(navigator.onLine ? `${path}: ${res.statusText || "unavailable"}` : "offline");
      throw new Error(`${path}: HTTP ${res.status}`);
    },
  };
}

/** The service worker's notices about missing VM files go to the store. Returns a function that undoes it. */
export function listenToServiceWorker(store: StoreApi<OfflineState>): () => void {
  if (!hasSw()) return () => {};
  const sw = navigator.serviceWorker;
  const onMessage = (ev: MessageEvent) => {
    if (!isSwToPage(ev.data)) return;
    if (ev.data.type === "dockersandbox:vm-file-unavailable") store.getState().setMissing(ev.data.path);
    else store.getState().setMissing(null);
  };
  sw.addEventListener("message", onMessage);
  sw.startMessages();
  return () => sw.removeEventListener("message", onMessage);
}
