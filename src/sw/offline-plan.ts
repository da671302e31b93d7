/**
 * "Save for offline" without any browser API (unit-tested): which files make a complete offline copy of
 * one VM build, how the disk's chunk files are named, how the copy's progress is counted, and the
 * messages the service worker and the page exchange about it.
 *
 * The copy is every file under vm/ the page's emulator reads: the manifest, the emulator (v86's wasm and JS), the
 * snapshot and each compressed disk chunk. The kernel, initramfs and BIOS images are not read by the page (the
 * snapshot already holds the running kernel and the BIOS), so they are not part of the copy.
 */

/** The part of public/vm/manifest.json the offline copy needs (see src/vm/manifest.ts). */
export interface OfflineManifestFields {
  v86: { wasm: { name: string; size: number }; lib: { name: string; size: number } };
  state: { name: string; size: number };
  disk: { size: number; chunkBytes: number; chunks: number; compressedBytes: number; url: string };
}

/** A file of the offline copy: its path relative to the site root, and its size when the manifest knows it. */
export interface OfflineFile {
  path: string;
  size?: number;
}

/**
 * The disk's chunk files, as v86 names them for `{ url, fixed_chunk_size, use_parts: true }`: the URL's
 * extension (".img.zst") stays at the end, and "-<start>-<end>" (byte offsets, end exclusive, always
 * start + chunk size) goes before it: "disk/disk.img.zst" → "disk/disk-0-1048576.img.zst", …
 */
export function diskChunkPaths(disk: OfflineManifestFields["disk"]): string[] {
  if (!(disk.chunkBytes > 0)) throw new Error(`bad disk chunk size ${disk.chunkBytes}`);
  const count = Math.ceil(disk.size / disk.chunkBytes);
  if (disk.chunks !== count) throw new Error(`the manifest says ${disk.chunks} disk chunks, the disk size makes ${count}`);
  const ext = /\.[^.]+(\.zst)?$/.exec(disk.url)?.[0] ?? "";
  let base = disk.url.slice(0, disk.url.length - ext.length);
  if (!base.endsWith("/")) base += "-";
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const start = i * disk.chunkBytes;
    out.push(`${base}${start}-${start + disk.chunkBytes}${ext}`);
  }
  return out;
}

/** Every file of the offline copy, paths relative to the site root (the small ones first, the disk last). */
export function offlineFiles(m: OfflineManifestFields, vmDir = "vm/"): OfflineFile[] {
  const at = (p: string) => vmDir + p;
  return [
    { path: at("manifest.json") },
    { path: at(m.v86.wasm.name), size: m.v86.wasm.size },
    { path: at(m.v86.lib.name), size: m.v86.lib.size },
    { path: at(m.state.name), size: m.state.size },
    ...diskChunkPaths(m.disk).map((p) => ({ path: at(p) })),
  ];
}

/** The expected size of the whole copy: the listed sizes plus the disk's compressed total (the manifest itself is ~2 kB, not counted). */
export function offlineTotalBytes(m: OfflineManifestFields): number {
  return m.v86.wasm.size + m.v86.lib.size + m.state.size + m.disk.compressedBytes;
}

// ---- progress accounting ----

export interface CopyProgress {
  /** files in the copy, and how many of them are in the cache */
  totalFiles: number;
  doneFiles: number;
  /** expected bytes of the whole copy, and the bytes of the files in the cache */
  totalBytes: number;
  doneBytes: number;
}

export function emptyProgress(totalFiles: number, totalBytes: number): CopyProgress {
  return { totalFiles, doneFiles: 0, totalBytes, doneBytes: 0 };
}

/** One more file in the cache, of `bytes` bytes. */
export function addDone(p: CopyProgress, bytes: number): CopyProgress {
  return { ...p, doneFiles: p.doneFiles + 1, doneBytes: p.doneBytes + Math.max(0, bytes) };
}

export const isComplete = (p: CopyProgress): boolean => p.totalFiles > 0 && p.doneFiles >= p.totalFiles;

/**
 * Bytes for display: done never above total while files are missing (the disk's expected total is a sum
 * of compressed sizes; a copy measured from the cache may differ by a few bytes of headers), and the
 * measured size once complete.
 */
export function shownBytes(p: CopyProgress): { done: number; total: number } {
  if (isComplete(p)) return { done: p.doneBytes, total: p.doneBytes };
  return { done: Math.min(p.doneBytes, p.totalBytes), total: p.totalBytes };
}

/** Share done, 0..1, by bytes (files when sizes are unknown). */
export function copyFraction(p: CopyProgress): number {
  if (isComplete(p)) return 1;
  if (p.totalBytes > 0) return Math.min(0.999, p.doneBytes / p.totalBytes);
  return p.totalFiles > 0 ? p.doneFiles / p.totalFiles : 0;
}

/**
 * Runs `work` over `items` with at most `limit` at a time, in order of start; stops starting new items
 * once `stop()` is true or one fails (the first failure is thrown after the running ones settle).
 */
export async function eachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>, stop: () => boolean = () => false): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | null = null;
  const lane = async () => {
    while (!failure && !stop() && next < items.length) {
      const item = items[next++]!;
      try {
        await work(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  if (failure) throw (failure as { error: unknown }).error;
}

// ---- service worker ⇄ page ----

/** A request header by which the page asks the service worker to make sure a VM file is in the VM bucket. */
export const SAVE_HEADER = "X-Dockersandbox-Offline-Copy";
/** The service worker's answer to such a request (status 204): the stored file's size. */
export const SIZE_HEADER = "X-Dockersandbox-Stored-Bytes";

/** Messages the service worker posts to the pages it controls. */
export type SwToPage =
  /** a VM file was asked for, is not in the cache, and the network failed (offline) */
  | { type: "dockersandbox:vm-file-unavailable"; path: string }
  /** every file that was unavailable has since been fetched */
  | { type: "dockersandbox:vm-files-available" };

export function isSwToPage(data: unknown): data is SwToPage {
  const t = (data as { type?: unknown } | null)?.type;
  return t === "dockersandbox:vm-file-unavailable" || t === "dockersandbox:vm-files-available";
}
