import { afterEach, describe, expect, it, vi } from "vitest";
import { memoryStateFiles, opfsStateFiles } from "./state-files";

/** A folder tree of origin-private storage, in memory, with the calls state-files uses. */
class FakeDir {
  files = new Map<string, Uint8Array<ArrayBuffer>>();
  dirs = new Map<string, FakeDir>();
  failWrites = false;
  writes = 0;
  async getDirectoryHandle(name: string, o?: { create?: boolean }) {
    if (!this.dirs.has(name) && o?.create) this.dirs.set(name, new FakeDir());
    const d = this.dirs.get(name);
    if (!d) throw new DOMException("missing", "NotFoundError");
    return d;
  }
  async getFileHandle(name: string, o?: { create?: boolean }) {
    if (!this.files.has(name) && o?.create) this.files.set(name, new Uint8Array());
    if (!this.files.has(name)) throw new DOMException("missing", "NotFoundError");
    return {
      createWritable: async () => {
        let bytes = new Uint8Array(new ArrayBuffer(0));
        return {
          // each write appends at the stream's position, as a FileSystemWritableFileStream's does
          write: async (b: ArrayBuffer | Uint8Array) => {
            if (this.failWrites) throw new DOMException("full", "QuotaExceededError");
            const piece = b instanceof Uint8Array ? b : new Uint8Array(b);
            const next = new Uint8Array(new ArrayBuffer(bytes.length + piece.length));
            next.set(bytes);
            next.set(piece, bytes.length);
            bytes = next;
            this.writes++;
          },
          close: async () => void this.files.set(name, bytes),
        };
      },
      // what the emulator's worker writes through (Vm.saveStateToFile), here written by the test's fill directly
      fill: (bytes: Uint8Array) => {
        if (this.failWrites) throw new DOMException("full", "QuotaExceededError");
        this.files.set(name, new Uint8Array(bytes));
      },
      getFile: async () => new File([this.files.get(name)!], name),
    };
  }
  async removeEntry(name: string) {
    if (!this.files.delete(name) && !this.dirs.delete(name)) throw new DOMException("missing", "NotFoundError");
  }
  async *keys() {
    yield* [...this.files.keys(), ...this.dirs.keys()];
  }
}

function fakeBrowser() {
  const root = new FakeDir();
  const held: string[] = [];
  vi.stubGlobal("navigator", {
    storage: { getDirectory: async () => root },
    locks: {
      request: (name: string, cb: () => Promise<void>) => {
        held.push(name);
        return cb();
      },
      query: async () => ({ held: held.map((name) => ({ name })) }),
    },
  });
  return { root, held };
}

afterEach(() => vi.unstubAllGlobals());

describe("state files", () => {
  it("keeps each state as a file of this page's folder, and drop deletes it", async () => {
    const { root } = fakeBrowser();
    const files = opfsStateFiles();
    const a = await files.put(new Uint8Array([1, 2, 3]).buffer);
    const b = await files.put(new Uint8Array([4, 5]).buffer);
    expect(a).toBeInstanceOf(File);
    expect([...new Uint8Array(await a.arrayBuffer())]).toEqual([1, 2, 3]);
    const folder = [...root.dirs.get("sandbox-states")!.dirs.values()][0]!;
    expect(folder.files.size).toBe(2);
    await files.drop(a);
    expect(folder.files.size).toBe(1);
    expect([...new Uint8Array(await b.arrayBuffer())]).toEqual([4, 5]);
  });

  it("writes a large state in pieces, and reads it back whole", async () => {
    const { root } = fakeBrowser();
    const state = new Uint8Array((8 << 20) + 3);
    for (let i = 0; i < state.length; i += 4096) state[i] = (i >> 12) & 0xff;
    state[state.length - 1] = 42;
    const file = await opfsStateFiles().put(state.buffer);
    const folder = [...root.dirs.get("sandbox-states")!.dirs.values()][0]!;
    expect(folder.writes).toBe(2);
    expect(Buffer.from(await file.arrayBuffer()).equals(state)).toBe(true);
  });

  it("lets a state be written straight into a new file, and removes the file when that fails", async () => {
    const { root } = fakeBrowser();
    const files = opfsStateFiles();
    type Fillable = FileSystemFileHandle & { fill(b: Uint8Array): void };
    const file = await files.write(async (handle) => (handle as Fillable).fill(new Uint8Array([3, 1, 4])));
    expect(file).toBeInstanceOf(File);
    expect([...new Uint8Array(await file!.arrayBuffer())]).toEqual([3, 1, 4]);
    const folder = [...root.dirs.get("sandbox-states")!.dirs.values()][0]!;
    expect(folder.files.size).toBe(1);
    folder.failWrites = true;
    await expect(files.write(async (handle) => (handle as Fillable).fill(new Uint8Array([5])))).rejects.toThrow("full");
    expect(folder.files.size).toBe(1);
    await files.drop(file!);
    expect(folder.files.size).toBe(0);
    // without OPFS there is no file to write into: the caller saves into memory
    expect(await memoryStateFiles().write(async () => {})).toBeNull();
  });

  it("removes the folders of pages that are gone, not those whose lock is held", async () => {
    const { root, held } = fakeBrowser();
    const states = await root.getDirectoryHandle("sandbox-states", { create: true });
    await states.getDirectoryHandle("page-closed-tab", { create: true });
    await states.getDirectoryHandle("page-open-tab", { create: true });
    held.push("sandbox-states/page-open-tab");
    await opfsStateFiles().put(new Uint8Array([1]).buffer);
    const names = [...states.dirs.keys()];
    expect(names).toContain("page-open-tab");
    expect(names).not.toContain("page-closed-tab");
    expect(names).toHaveLength(2);
  });

  it("keeps a state in memory when the storage refuses it, and without OPFS", async () => {
    const { root } = fakeBrowser();
    const files = opfsStateFiles();
    await files.put(new Uint8Array([1]).buffer);
    const folder = [...root.dirs.get("sandbox-states")!.dirs.values()][0]!;
    folder.failWrites = true;
    const kept = await files.put(new Uint8Array([7, 8]).buffer);
    expect(kept).not.toBeInstanceOf(File);
    expect([...new Uint8Array(await kept.arrayBuffer())]).toEqual([7, 8]);
    expect(folder.files.size).toBe(1);
    await files.drop(kept); // nothing to delete

    vi.unstubAllGlobals();
    vi.stubGlobal("navigator", {});
    const plain = await opfsStateFiles().put(new Uint8Array([9]).buffer);
    expect([...new Uint8Array(await plain.arrayBuffer())]).toEqual([9]);
    expect((await memoryStateFiles().put(new Uint8Array(4).buffer)).size).toBe(4);
  });
});
