import { decodeState, encodeState, type StateEncoding } from "./state-codec";

/** What is known about a saved machine state without reading its bytes. */
export interface SavedStateMeta {
  /** buildId(manifest) of the VM that saved it: a state only restores on the same build. */
  buildId: string;
  savedAt: number;
  rawBytes: number;
  storedBytes: number;
  encoding: StateEncoding;
  /**
   * Set when the state is a file of origin-private storage (folder SESSIONS_DIR), written there by the emulator's worker
   * (saveFile): its name. Otherwise the state is a Blob in IndexedDB.
   */
  file?: string;
  /** The terminal's visible text when saved, written back on resume. */
  terminalText?: string;
}

/** Where learner machine states are kept (IndexedDB in the page, memory in tests). */
export interface SavedStateStore {
  list(): Promise<SavedStateMeta[]>;
  /** The state's bytes, decoded, or null when nothing is saved for this build. */
  load(buildId: string): Promise<{ meta: SavedStateMeta; state: ArrayBuffer } | null>;
  save(buildId: string, state: ArrayBuffer, extra?: { terminalText?: string }): Promise<SavedStateMeta>;
  /**
   * Saves a state that `fill` writes straight into a new file (the emulator's worker: Vm.saveStateToFile, so the state
   * is never held in the page's memory), uncompressed. Resolves to null where there are no such files (no OPFS); a
   * save that fails on the way keeps the previous one.
   */
  saveFile(buildId: string, fill: (file: FileSystemFileHandle) => Promise<number>, extra?: { terminalText?: string }): Promise<SavedStateMeta | null>;
  remove(buildId: string): Promise<void>;
}

const DB = "docker-sandbox";
/** The folder of origin-private storage holding saved states written as files. */
const SESSIONS_DIR = "sandbox-sessions";

async function sessionsDir(): Promise<FileSystemDirectoryHandle | null> {
  if (typeof navigator === "undefined" || !navigator.storage?.getDirectory) return null;
  return (await navigator.storage.getDirectory()).getDirectoryHandle(SESSIONS_DIR, { create: true });
}

/** Removes the state files other than `keep` (a save's older files, or one interrupted while written). */
async function removeFilesExcept(dir: FileSystemDirectoryHandle, keep: Set<string>): Promise<void> {
  const names: string[] = [];
  for await (const name of (dir as unknown as { keys(): AsyncIterable<string> }).keys()) names.push(name);
  for (const name of names) if (!keep.has(name)) await dir.removeEntry(name).catch(() => {});
}
const META = "state-meta";
const BLOBS = "state-blobs";

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => {
      const db = req.result;
      if (!db.objectStoreNames.contains(META)) db.createObjectStore(META, { keyPath: "buildId" });
      if (!db.objectStoreNames.contains(BLOBS)) db.createObjectStore(BLOBS);
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error("IndexedDB unavailable"));
    req.onblocked = () => reject(new Error("IndexedDB is blocked by another tab"));
  });
}

function done<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error("IndexedDB request failed"));
  });
}

function committed(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error("IndexedDB transaction failed"));
    tx.onabort = () => reject(tx.error ?? new Error("IndexedDB transaction aborted (storage full?)"));
  });
}

/**
 * Saved states, one per build: metadata in IndexedDB; the state a file of origin-private storage written by the
 * emulator's worker (saveFile), or where that is not possible a compressed Blob in IndexedDB (save).
 */
export function idbSavedStateStore(): SavedStateStore {
  let db: Promise<IDBDatabase> | undefined;
  const conn = () => (db ??= open());
  /** Removes the state files no saved state names (but `keep`, just written). */
  const dropFiles = async (keep?: string) => {
    const dir = await sessionsDir().catch(() => null);
    if (!dir) return;
    const d = await conn();
    const metas = await done(d.transaction(META).objectStore(META).getAll() as IDBRequest<SavedStateMeta[]>);
    await removeFilesExcept(dir, new Set([...metas.map((m) => m.file), keep].filter((n): n is string => !!n)));
  };
  return {
    async list() {
      const d = await conn();
      return done(d.transaction(META).objectStore(META).getAll() as IDBRequest<SavedStateMeta[]>);
    },
    async load(buildId) {
      const d = await conn();
      const tx = d.transaction([META, BLOBS]);
      const meta = await done(tx.objectStore(META).get(buildId) as IDBRequest<SavedStateMeta | undefined>);
      const blob = await done(tx.objectStore(BLOBS).get(buildId) as IDBRequest<Blob | undefined>);
      if (!meta) return null;
      if (meta.file) {
        const file = await (
          await sessionsDir()
        )
          ?.getFileHandle(meta.file)
          .then((h) => h.getFile())
          .catch(() => null);
        return file ? { meta, state: await file.arrayBuffer() } : null;
      }
      if (!blob) return null;
      return { meta, state: await decodeState(blob, meta.encoding) };
    },
    async save(buildId, state, extra = {}) {
      const rawBytes = state.byteLength;
      const { blob, encoding } = await encodeState(state);
      const meta: SavedStateMeta = { buildId, savedAt: Date.now(), rawBytes, storedBytes: blob.size, encoding, ...extra };
      const d = await conn();
      const tx = d.transaction([META, BLOBS], "readwrite");
      tx.objectStore(BLOBS).put(blob, buildId);
      tx.objectStore(META).put(meta);
      await committed(tx);
      await dropFiles();
      return meta;
    },
    async saveFile(buildId, fill, extra = {}) {
      const dir = await sessionsDir().catch(() => null);
      if (!dir) return null;
      // a new file each time: the previous save stays whole until this one is written and recorded
      const name = `${buildId.replace(/[^\w.-]/g, "_")}-${Date.now()}.bin`;
      const handle = await dir.getFileHandle(name, { create: true });
      let rawBytes: number;
      try {
        rawBytes = await fill(handle);
      } catch (e) {
        await dir.removeEntry(name).catch(() => {});
        throw e;
      }
      const meta: SavedStateMeta = { buildId, savedAt: Date.now(), rawBytes, storedBytes: rawBytes, encoding: "identity", file: name, ...extra };
      const d = await conn();
      const tx = d.transaction([META, BLOBS], "readwrite");
      tx.objectStore(BLOBS).delete(buildId);
      tx.objectStore(META).put(meta);
      await committed(tx);
      await dropFiles(name);
      return meta;
    },
    async remove(buildId) {
      const d = await conn();
      const tx = d.transaction([META, BLOBS], "readwrite");
      tx.objectStore(BLOBS).delete(buildId);
      tx.objectStore(META).delete(buildId);
      await committed(tx);
      await dropFiles();
    },
  };
}

/** Test double and fallback when IndexedDB is missing: states live as long as the page. */
export function memorySavedStateStore(): SavedStateStore {
  const m = new Map<string, { meta: SavedStateMeta; state: ArrayBuffer }>();
  return {
    list: async () => [...m.values()].map((e) => e.meta),
    load: async (id) => {
      const e = m.get(id);
      return e ? { meta: e.meta, state: e.state.slice(0) } : null;
    },
    save: async (buildId, state, extra = {}) => {
      const meta: SavedStateMeta = { buildId, savedAt: Date.now(), rawBytes: state.byteLength, storedBytes: state.byteLength, encoding: "identity", ...extra };
      m.set(buildId, { meta, state: state.slice(0) });
      return meta;
    },
    saveFile: async () => null,
    remove: async (id) => void m.delete(id),
  };
}
