/**
 * Machine states kept as files of origin-private storage (OPFS) instead of Blobs. Chromium keeps a Blob's bytes in
 * the browser process's memory (up to 2 GB before it pages any to disk): measured with a profile on disk, a 300 MB
 * Blob added 320 MB to Chromium's PSS, the same bytes as an OPFS file read back through getFile() added nothing.
 * Where OPFS is missing or refuses the bytes (quota), a state stays a Blob.
 */
export interface StateFiles {
  /** Stores a state; the Blob returned reads it back (from the disk when it is a file). */
  put(state: ArrayBuffer): Promise<Blob>;
  /**
   * A new, empty file that `fill` writes a state into (the emulator's worker, straight from the machine: Vm.saveStateToFile);
   * the Blob returned reads it back. Null where there are no files (no OPFS): the caller saves into memory and put()s.
   * When `fill` fails the file is removed and the error passed on.
   */
  write(fill: (file: FileSystemFileHandle) => Promise<unknown>): Promise<Blob | null>;
  /** Deletes what put() stored for this Blob. */
  drop(blob: Blob): Promise<void>;
}

/** A state is written to its file this many bytes at a time. */
const WRITE_PIECE_BYTES = 8 << 20;

/** Each page's states live in a folder of this one, held by a Web Lock of the same name while the page lives. */
const ROOT = "sandbox-states";

export function memoryStateFiles(): StateFiles {
  return { put: async (state) => new Blob([state]), write: async () => null, drop: async () => {} };
}

interface PageFolder {
  dir: FileSystemDirectoryHandle;
  names: WeakMap<Blob, string>;
  next: number;
}

/** A folder for this page's states; the folders of pages that are gone (their lock is free) are removed. */
async function openPageFolder(): Promise<PageFolder | null> {
  if (typeof navigator === "undefined" || !navigator.storage?.getDirectory || !navigator.locks) return null;
  const name = `page-${crypto.randomUUID()}`;
  // held until the page goes away: another page knows by the lock that this folder is in use
  await new Promise<void>((granted) => {
    void navigator.locks.request(`${ROOT}/${name}`, () => {
      granted();
      return new Promise(() => {});
    });
  });
  const root = await (await navigator.storage.getDirectory()).getDirectoryHandle(ROOT, { create: true });
  const held = new Set(((await navigator.locks.query()).held ?? []).map((l) => l.name));
  for await (const other of (root as unknown as { keys(): AsyncIterable<string> }).keys()) {
    if (!held.has(`${ROOT}/${other}`)) await root.removeEntry(other, { recursive: true }).catch(() => {});
  }
  return { dir: await root.getDirectoryHandle(name, { create: true }), names: new WeakMap(), next: 1 };
}

/** States as OPFS files where the browser has OPFS, Blobs otherwise. */
export function opfsStateFiles(): StateFiles {
  let folder: Promise<PageFolder | null> | undefined;
  const open = () => (folder ??= openPageFolder().catch(() => null));
  const memory = memoryStateFiles();
  return {
    async put(state) {
      const f = await open();
      if (!f) return memory.put(state);
      const name = `state-${f.next++}.bin`;
      try {
        const handle = await f.dir.getFileHandle(name, { create: true });
        const out = await handle.createWritable();
        // in pieces: each write() copies its bytes once more (into a Blob on their way to the file), so one write of
        // the whole state held it twice until the garbage collector ran
        for (let at = 0; at < state.byteLength; at += WRITE_PIECE_BYTES) {
          await out.write(new Uint8Array(state, at, Math.min(WRITE_PIECE_BYTES, state.byteLength - at)));
        }
        await out.close();
        const file = await handle.getFile();
        f.names.set(file, name);
        return file;
      } catch {
        // storage full or unavailable: the state is still kept, in memory
        await f.dir.removeEntry(name).catch(() => {});
        return memory.put(state);
      }
    },
    async write(fill) {
      const f = await open();
      if (!f) return null;
      const name = `state-${f.next++}.bin`;
      try {
        const handle = await f.dir.getFileHandle(name, { create: true });
        await fill(handle);
        const file = await handle.getFile();
        f.names.set(file, name);
        return file;
      } catch (e) {
        await f.dir.removeEntry(name).catch(() => {});
        throw e;
      }
    },
    async drop(blob) {
      const f = await open();
      const name = f?.names.get(blob);
      if (!f || !name) return;
      f.names.delete(blob);
      await f.dir.removeEntry(name).catch(() => {});
    },
  };
}
