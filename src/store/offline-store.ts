import { createStore, type StoreApi } from "zustand/vanilla";
import { errText } from "../lib/errors";
import {
  addDone,
  eachLimited,
  emptyProgress,
  isComplete,
  offlineFiles,
  offlineTotalBytes,
  type CopyProgress,
  type OfflineFile,
  type OfflineManifestFields,
} from "../sw/offline-plan";
import { KV_PREFIX, type KeyValue } from "../lib/kv";

/**
 * The offline copy of the VM ("Save for offline" / 离线可用): what of it is in the service worker's VM
 * bucket, downloading the rest on request (a few files at a time, from the page, never the emulator's
 * worker), and the notice shown when the machine asks for a file that is neither cached nor reachable.
 * The cache itself is the record: after a reload, a save skips what is already stored.
 */
export type OfflineStatus =
  /** no service worker controls the page (dev server, a browser without one): nothing to save into */
  | "unsupported"
  | "unknown"
  | "checking"
  | "partial"
  | "complete"
  | "saving"
  /** the last save stopped on an error (offline, server error); the copy is partial */
  | "failed";

export interface OfflineState {
  status: OfflineStatus;
  progress: CopyProgress | null;
  error: string | null;
  /** a VM file the service worker could not get (offline and not cached): the machine is waiting for it */
  missing: string | null;

  /** Counts what is cached; continues an interrupted save the learner asked for (when online). */
  check(): Promise<void>;
  /** Downloads every file of the copy that is not cached yet. */
  save(): Promise<void>;
  /** Stops starting new downloads (the running ones finish); the copy stays partial. */
  pause(): void;
  setMissing(path: string | null): void;
}

export interface OfflineDeps {
  /** a service worker controls the page */
  available(): boolean;
  /** the current VM manifest (through the service worker: the network's, or the cached one offline) */
  loadManifest(): Promise<OfflineManifestFields>;
  /** of these files, those in the VM bucket and their stored sizes */
  cachedSizes(m: OfflineManifestFields, files: readonly OfflineFile[]): Promise<Map<string, number>>;
  /** has the service worker store one file (fetched if missing); resolves with its stored size */
  store(path: string): Promise<number>;
  online(): boolean;
  kv: KeyValue;
  /** downloads at a time (default 4) */
  concurrency?: number;
}

/** Set while the learner wants a complete copy and it is not complete yet: a reload continues the save. */
export const WANTED_KEY = `${KV_PREFIX}offline-copy.wanted`;

export function createOfflineStore(deps: OfflineDeps): StoreApi<OfflineState> {
  let paused = false;
  let running: Promise<void> | null = null;

  return createStore<OfflineState>()((set, get) => {
    /** The copy's files and what of it is cached. */
    const survey = async () => {
      const m = await deps.loadManifest();
      const files = offlineFiles(m);
      const sizes = await deps.cachedSizes(m, files);
      let progress = emptyProgress(files.length, offlineTotalBytes(m));
      for (const f of files) if (sizes.has(f.path)) progress = addDone(progress, sizes.get(f.path)!);
      return { files, sizes, progress };
    };

    const runSave = async () => {
      paused = false;
      deps.kv.set(WANTED_KEY, "1");
      set({ status: "saving", error: null });
      try {
        const { files, sizes, progress: start } = await survey();
        let progress = start;
        set({ progress });
        const todo = files.filter((f) => !sizes.has(f.path));
        await eachLimited(
          todo,
          deps.concurrency ?? 4,
          async (f) => {
            const bytes = await deps.store(f.path);
            progress = addDone(progress, bytes);
            set({ progress });
          },
          () => paused,
        );
        if (isComplete(progress)) {
          deps.kv.remove(WANTED_KEY);
          set({ status: "complete" });
        } else set({ status: "partial" });
      } catch (e) {
        set({ status: "failed", error: errText(e) });
      }
    };

    return {
      status: "unknown",
      progress: null,
      error: null,
      missing: null,

      async check() {
        if (!deps.available()) return set({ status: "unsupported" });
        if (running) return running;
        set({ status: "checking" });
        try {
          const { progress } = await survey();
          set({ progress, status: isComplete(progress) ? "complete" : "partial", error: null });
          if (isComplete(progress)) deps.kv.remove(WANTED_KEY);
          else if (deps.kv.get(WANTED_KEY) && deps.online()) await get().save();
        } catch (e) {
          set({ status: "failed", error: errText(e) });
        }
      },

      save() {
        if (!deps.available()) {
          set({ status: "unsupported" });
          return Promise.resolve();
        }
        running ??= runSave().finally(() => {
          running = null;
        });
        return running;
      },

      pause() {
        paused = true;
        deps.kv.remove(WANTED_KEY);
      },

      setMissing(path) {
        set({ missing: path });
      },
    };
  });
}
