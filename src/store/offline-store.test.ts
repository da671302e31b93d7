import { describe, expect, it } from "vitest";
import { offlineFiles, type OfflineFile, type OfflineManifestFields } from "../sw/offline-plan";
import { memoryKv } from "../lib/kv";
import { createOfflineStore, WANTED_KEY, type OfflineDeps } from "./offline-store";

const MiB = 1 << 20;
const M: OfflineManifestFields = {
  v86: { wasm: { name: "v86.wasm", size: 2000 }, lib: { name: "libv86.mjs", size: 400 } },
  state: { name: "state.bin.zst", size: 5000 },
  disk: { size: 10 * MiB, chunkBytes: MiB, chunks: 10, compressedBytes: 10 * 300, url: "disk/disk.img.zst" },
};
const ALL = offlineFiles(M).map((f) => f.path);
const sizeOf = (path: string) =>
  path.includes("/disk/") ? 300 : path.endsWith("manifest.json") ? 0 : (offlineFiles(M).find((f) => f.path === path)!.size ?? 0);

/** A fake cache + service worker: `cache` holds what is stored; `store` adds to it (or fails when `offline`). */
function fakes(opts: { cached?: string[]; available?: boolean; failOn?: string; online?: boolean } = {}) {
  const cache = new Set(opts.cached ?? []);
  const stored: string[] = [];
  let running = 0;
  let peak = 0;
  let onStore: ((path: string) => void) | null = null;
  const kv = memoryKv();
  const deps: OfflineDeps = {
    kv,
    available: () => opts.available ?? true,
    online: () => opts.online ?? true,
    loadManifest: async () => M,
    cachedSizes: async (_m, files: readonly OfflineFile[]) => new Map(files.filter((f) => cache.has(f.path)).map((f) => [f.path, sizeOf(f.path)])),
    store: async (path) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 1));
      running--;
      if (path === opts.failOn) throw new Error("offline");
      cache.add(path);
      stored.push(path);
      onStore?.(path);
      return sizeOf(path);
    },
    concurrency: 3,
  };
  return { deps, cache, stored, kv, peak: () => peak, onStore: (f: (path: string) => void) => (onStore = f) };
}

describe("offline store", () => {
  it("reports a partial copy, then saves only the missing files, a few at a time, up to complete", async () => {
    const f = fakes({
      cached: ["vm/manifest.json", "vm/v86.wasm", "vm/libv86.mjs", "vm/state.bin.zst", "vm/disk/disk-0-1048576.img.zst"],
    });
    const store = createOfflineStore(f.deps);
    expect(store.getState().status).toBe("unknown");
    await store.getState().check();
    expect(store.getState().status).toBe("partial");
    expect(store.getState().progress).toEqual({
      totalFiles: 14,
      doneFiles: 5,
      totalBytes: 2000 + 400 + 5000 + 3000,
      doneBytes: 2000 + 400 + 5000 + 300,
    });

    const seen: number[] = [];
    store.subscribe((s) => s.progress && seen.push(s.progress.doneBytes));
    const saving = store.getState().save();
    expect(store.getState().status).toBe("saving");
    await saving;
    expect(store.getState().status).toBe("complete");
    expect(f.stored).toHaveLength(9);
    expect(f.stored.every((p) => p.startsWith("vm/disk/"))).toBe(true);
    expect(f.peak()).toBeLessThanOrEqual(3);
    expect(store.getState().progress!.doneBytes).toBe(10400);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(f.kv.get(WANTED_KEY)).toBeNull();
  });

  it("is complete at once when everything is cached, and saving then downloads nothing", async () => {
    const f = fakes({ cached: ALL });
    const store = createOfflineStore(f.deps);
    await store.getState().check();
    expect(store.getState().status).toBe("complete");
    await store.getState().save();
    expect(f.stored).toEqual([]);
  });

  it("stops on a failure with a partial copy, and remembers that the learner wants it (a reload continues)", async () => {
    const f = fakes({ failOn: "vm/disk/disk-5242880-6291456.img.zst" });
    const store = createOfflineStore(f.deps);
    await store.getState().save();
    expect(store.getState().status).toBe("failed");
    expect(store.getState().error).toBe("offline");
    expect(store.getState().progress!.doneFiles).toBeLessThan(14);
    expect(f.kv.get(WANTED_KEY)).toBe("1");

    // "reload": a new store over the same cache and storage; its check continues the save
    const again = fakes({ cached: [...f.cache] });
    again.kv.set(WANTED_KEY, "1");
    const store2 = createOfflineStore(again.deps);
    await store2.getState().check();
    expect(store2.getState().status).toBe("complete");
    expect(again.stored.length).toBe(14 - f.cache.size);
    expect(again.stored.some((p) => f.cache.has(p))).toBe(false);
  });

  it("does not continue by itself while offline, nor when the learner did not ask", async () => {
    const off = fakes({ online: false });
    off.kv.set(WANTED_KEY, "1");
    const s1 = createOfflineStore(off.deps);
    await s1.getState().check();
    expect(s1.getState().status).toBe("partial");
    expect(off.stored).toEqual([]);

    const notAsked = fakes();
    const s2 = createOfflineStore(notAsked.deps);
    await s2.getState().check();
    expect(s2.getState().status).toBe("partial");
    expect(notAsked.stored).toEqual([]);
  });

  it("pauses: running downloads finish, no new ones start, the copy stays partial and is no longer wanted", async () => {
    const f = fakes();
    const store = createOfflineStore(f.deps);
    f.onStore(() => store.getState().pause());
    await store.getState().save();
    expect(store.getState().status).toBe("partial");
    expect(f.stored.length).toBeLessThanOrEqual(3);
    expect(f.kv.get(WANTED_KEY)).toBeNull();
  });

  it("one save at a time", async () => {
    const f = fakes();
    const store = createOfflineStore(f.deps);
    await Promise.all([store.getState().save(), store.getState().save()]);
    expect(f.stored).toHaveLength(14);
  });

  it("is unsupported without a service worker", async () => {
    const f = fakes({ available: false });
    const store = createOfflineStore(f.deps);
    await store.getState().check();
    expect(store.getState().status).toBe("unsupported");
    await store.getState().save();
    expect(f.stored).toEqual([]);
  });

  it("keeps the missing-file notice until cleared", () => {
    const store = createOfflineStore(fakes().deps);
    store.getState().setMissing("vm/disk/disk-0-1048576.img.zst");
    expect(store.getState().missing).toBe("vm/disk/disk-0-1048576.img.zst");
    store.getState().setMissing(null);
    expect(store.getState().missing).toBeNull();
  });
});
