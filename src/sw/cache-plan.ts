/**
 * The offline service worker's decisions, without any browser API (unit-tested): which cache bucket
 * a request belongs to, how buckets are named per build, which buckets a new build makes stale, and
 * how a Range header is answered from a cached whole file.
 *
 * Two kinds of bucket:
 * - shell: index.html and the hashed JS/CSS/font/worker files of one app build, precached at install;
 *   named after a hash of the file list, so a new app build gets a new bucket and the old one is dropped.
 * - vm: the artefacts under vm/ (wasm, BIOS, snapshot, disk chunks…) of one VM build, cached as they are
 *   fetched; named after the manifest's build keys and sha256s, so a new VM build gets a new bucket
 *   and the old one (up to the whole disk) is dropped.
 */

export const CACHE_PREFIX = "dockersandbox-";
const SHELL = `${CACHE_PREFIX}shell-`;
const VM = `${CACHE_PREFIX}vm-`;

/** What the service worker does with a request, by its path relative to the site's root (the SW scope). */
export type Route =
  /** the page itself: network first (an update shows at once), cached copy when offline */
  | "page"
  /** a file of the app build: cache first (hashed names never change content) */
  | "shell"
  /** vm/manifest.json: network first; a new VM build there rotates the vm bucket */
  | "vm-manifest"
  /** any other file under vm/: cache first, stored into the current vm bucket when fetched */
  | "vm"
  /** not ours to answer (other origins, non-GET, the service worker script itself) */
  | "pass";

/** The part of public/vm/manifest.json that identifies a VM build (see src/vm/manifest.ts). */
export interface VmBuildFields {
  build: { diskKey: string; stateKey: string };
  v86: { version: string; wasm: { sha256: string }; lib?: { sha256: string } };
  bios?: { sha256: string };
  vgaBios?: { sha256: string };
  kernel?: { sha256: string };
  initrd?: { sha256: string };
  state: { sha256: string };
  disk?: { chunks?: number; compressedBytes?: number; chunkBytes?: number };
}

/** FNV-1a, 32 bits, as 8 hex digits: a short stable name, not a security hash. */
export function shortHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, "0");
}

/** Everything that changes when any VM artefact changes: build keys, v86 version, every sha256, the disk layout. */
export function vmCacheKey(m: VmBuildFields): string {
  const parts = [
    m.build.diskKey,
    m.build.stateKey,
    m.v86.version,
    m.v86.wasm.sha256,
    m.v86.lib?.sha256,
    m.bios?.sha256,
    m.vgaBios?.sha256,
    m.kernel?.sha256,
    m.initrd?.sha256,
    m.state.sha256,
    m.disk?.chunks,
    m.disk?.chunkBytes,
    m.disk?.compressedBytes,
  ];
  return `${m.build.diskKey}-${shortHash(parts.map((p) => p ?? "").join("|"))}`;
}

export const vmCacheName = (m: VmBuildFields): string => VM + vmCacheKey(m);
/** The shell bucket of an app build, from the list of files it precaches (their names carry content hashes). */
export const shellCacheName = (files: readonly string[]): string => SHELL + shortHash([...files].sort().join("\n"));
export const isVmCache = (name: string): boolean => name.startsWith(VM);
export const isShellCache = (name: string): boolean => name.startsWith(SHELL);

/**
 * Our buckets that are stale once `keep` are current: same kind, other build. Buckets of the other kind,
 * and caches that are not ours (other apps on the same origin), are left alone.
 */
export function staleCaches(existing: readonly string[], keep: { shell?: string; vm?: string }): string[] {
  return existing.filter(
    (name) => (keep.shell !== undefined && isShellCache(name) && name !== keep.shell) || (keep.vm !== undefined && isVmCache(name) && name !== keep.vm),
  );
}

/**
 * Routes a request. `scope` is the service worker's scope URL (the site root, e.g. https://x.github.io/repo/);
 * `shellFiles` are the precached paths relative to it.
 */
export function routeOf(req: { url: string; method: string; mode?: string }, scope: string, shellFiles: ReadonlySet<string>): Route {
  if (req.method !== "GET") return "pass";
  const url = new URL(req.url);
  const root = new URL(scope);
  if (url.origin !== root.origin || !url.pathname.startsWith(root.pathname)) return "pass";
  const path = decodeURIComponent(url.pathname.slice(root.pathname.length));
  if (path === "" || path === "index.html") return "page";
  if (req.mode === "navigate") return "pass";
  if (path === "vm/manifest.json") return "vm-manifest";
  if (path.startsWith("vm/")) return "vm";
  if (shellFiles.has(path) || path.startsWith("assets/")) return "shell";
  return "pass";
}

/** A Range header against a body of `size` bytes: the inclusive byte span, "invalid" (answer 416), or null (no usable range: send all). */
export function parseRange(header: string | null, size: number): { start: number; end: number } | "invalid" | null {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === "" && m[2] === "")) return null; // multi-range or malformed: a 200 with the whole body is allowed
  let start: number, end: number;
  if (m[1] === "") {
    const suffix = Number(m[2]);
    if (suffix === 0) return "invalid";
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === "" ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (start >= size || start > end) return "invalid";
  return { start, end };
}
