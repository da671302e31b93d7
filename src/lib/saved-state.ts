import { decodeState, encodeState, type StateEncoding } from "./state-codec";

/** What is known about a saved machine state without reading its bytes. */
export interface SavedStateMeta {
  /** buildId(manifest) of the VM that saved it: a state only restores on the same build. */
  buildId: string;
  savedAt: number;
  rawBytes: number;
  storedBytes: number;
  encoding: StateEncoding;
  /** The terminal's visible text when saved, written back on resume. */
  terminalText?: string;
}

/** Where learner machine states are kept (IndexedDB in the page, memory in tests). */
export interface SavedStateStore {
  list(): Promise<SavedStateMeta[]>;
  /** The state's bytes, decoded, or null when nothing is saved for this build. */
  load(buildId: string): Promise<{ meta: SavedStateMeta; state: ArrayBuffer } | null>;
  save(buildId: string, state: ArrayBuffer, extra?: { terminalText?: string }): Promise<SavedStateMeta>;
  remove(buildId: string): Promise<void>;
}

const DB = "docker-sandbox";
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

/** Saved states in IndexedDB: metadata apart from the (large) compressed blob, one entry per build. */
export function idbSavedStateStore(): SavedStateStore {
  let db: Promise<IDBDatabase> | undefined;
  const conn = () => (db ??= open());
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
      if (!meta || !blob) return null;
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
      return meta;
    },
    async remove(buildId) {
      const d = await conn();
      const tx = d.transaction([META, BLOBS], "readwrite");
      tx.objectStore(BLOBS).delete(buildId);
      tx.objectStore(META).delete(buildId);
      await committed(tx);
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
    remove: async (id) => void m.delete(id),
  };
}
