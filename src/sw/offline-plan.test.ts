import { describe, expect, it } from "vitest";
import {
  addDone,
  copyFraction,
  diskChunkPaths,
  eachLimited,
  emptyProgress,
  isComplete,
  isSwToPage,
  offlineFiles,
  offlineTotalBytes,
  shownBytes,
  type OfflineManifestFields,
} from "./offline-plan";

const MiB = 1 << 20;
const manifest = (over: Partial<OfflineManifestFields["disk"]> = {}): OfflineManifestFields => ({
  v86: { wasm: { name: "v86.wasm", size: 2_000_000 }, lib: { name: "libv86.mjs", size: 400_000 } },
  state: { name: "state.bin.zst", size: 45_000_000 },
  disk: { size: 4 * MiB, chunkBytes: MiB, chunks: 4, compressedBytes: 1_000_000, url: "disk/disk.img.zst", ...over },
});

describe("disk chunk names", () => {
  it("follows v86's use_parts naming (extension kept, start-end before it)", () => {
    expect(diskChunkPaths(manifest().disk)).toEqual([
      "disk/disk-0-1048576.img.zst",
      "disk/disk-1048576-2097152.img.zst",
      "disk/disk-2097152-3145728.img.zst",
      "disk/disk-3145728-4194304.img.zst",
    ]);
  });

  it("ends each chunk at start + chunk size, also the last one of a disk that is not a multiple", () => {
    const paths = diskChunkPaths(manifest({ size: 2 * MiB + 512, chunks: 3 }).disk);
    expect(paths.at(-1)).toBe(`disk/disk-${2 * MiB}-${3 * MiB}.img.zst`);
  });

  it("matches the shipped VM: 2048 chunks of 1 MiB for a 2 GiB disk", () => {
    const paths = diskChunkPaths({ size: 2 * 1024 * MiB, chunkBytes: MiB, chunks: 2048, compressedBytes: 1, url: "disk/disk.img.zst" });
    expect(paths).toHaveLength(2048);
    expect(new Set(paths).size).toBe(2048);
    expect(paths[2047]).toBe("disk/disk-2146435072-2147483648.img.zst");
  });

  it("refuses a manifest whose chunk count disagrees with its size", () => {
    expect(() => diskChunkPaths(manifest({ chunks: 5 }).disk)).toThrow(/5 disk chunks/);
    expect(() => diskChunkPaths(manifest({ chunkBytes: 0 }).disk)).toThrow();
  });

  it("handles a URL without .zst, and a directory base", () => {
    expect(diskChunkPaths(manifest({ url: "disk/disk.img", size: MiB, chunks: 1 }).disk)).toEqual(["disk/disk-0-1048576.img"]);
    expect(diskChunkPaths(manifest({ url: "parts/.img", size: MiB, chunks: 1 }).disk)).toEqual(["parts/0-1048576.img"]);
  });
});

describe("the offline copy's files", () => {
  it("lists what the page's emulator reads, under vm/, the disk last", () => {
    const files = offlineFiles(manifest());
    expect(files.map((f) => f.path)).toEqual([
      "vm/manifest.json",
      "vm/v86.wasm",
      "vm/libv86.mjs",
      "vm/state.bin.zst",
      "vm/disk/disk-0-1048576.img.zst",
      "vm/disk/disk-1048576-2097152.img.zst",
      "vm/disk/disk-2097152-3145728.img.zst",
      "vm/disk/disk-3145728-4194304.img.zst",
    ]);
    expect(files.find((f) => f.path === "vm/state.bin.zst")?.size).toBe(45_000_000);
    expect(files.find((f) => f.path.startsWith("vm/disk/"))?.size).toBeUndefined();
  });

  it("expects the listed sizes plus the disk's compressed total", () => {
    expect(offlineTotalBytes(manifest())).toBe(2_000_000 + 400_000 + 45_000_000 + 1_000_000);
  });
});

describe("progress accounting", () => {
  it("counts files and bytes, complete when every file is in", () => {
    let p = emptyProgress(3, 300);
    expect(isComplete(p)).toBe(false);
    expect(copyFraction(p)).toBe(0);
    p = addDone(p, 100);
    p = addDone(p, 100);
    expect(p).toEqual({ totalFiles: 3, doneFiles: 2, totalBytes: 300, doneBytes: 200 });
    expect(copyFraction(p)).toBeCloseTo(2 / 3);
    p = addDone(p, 90);
    expect(isComplete(p)).toBe(true);
    expect(copyFraction(p)).toBe(1);
  });

  it("shows the measured size once complete, and never more than the total before", () => {
    let p = addDone(emptyProgress(2, 100), 120);
    expect(shownBytes(p)).toEqual({ done: 100, total: 100 });
    expect(copyFraction(p)).toBeLessThan(1);
    p = addDone(p, 5);
    expect(shownBytes(p)).toEqual({ done: 125, total: 125 });
  });

  it("ignores negative sizes and an empty copy is not complete", () => {
    expect(addDone(emptyProgress(1, 10), -5).doneBytes).toBe(0);
    expect(isComplete(emptyProgress(0, 0))).toBe(false);
  });
});

describe("eachLimited", () => {
  it("runs every item with at most `limit` at a time", async () => {
    let running = 0;
    let peak = 0;
    const seen: number[] = [];
    await eachLimited([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 1));
      seen.push(n);
      running--;
    });
    expect(seen.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(peak).toBe(3);
  });

  it("stops starting items when told, and throws the first failure after the others settle", async () => {
    const done: number[] = [];
    let stop = false;
    await eachLimited(
      [1, 2, 3, 4],
      1,
      async (n) => {
        done.push(n);
        if (n === 2) stop = true;
      },
      () => stop,
    );
    expect(done).toEqual([1, 2]);

    const started: number[] = [];
    await expect(
      eachLimited([1, 2, 3, 4, 5], 2, async (n) => {
        started.push(n);
        if (n === 2) throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(started.length).toBeLessThan(5);
  });
});

describe("service worker messages", () => {
  it("recognises ours only", () => {
    expect(isSwToPage({ type: "dockersandbox:vm-file-unavailable", path: "vm/disk/x" })).toBe(true);
    expect(isSwToPage({ type: "dockersandbox:vm-files-available" })).toBe(true);
    expect(isSwToPage({ type: "other" })).toBe(false);
    expect(isSwToPage(null)).toBe(false);
  });
});
