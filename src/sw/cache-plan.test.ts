import { describe, expect, it } from "vitest";
import { CACHE_PREFIX, parseRange, routeOf, shellCacheName, shortHash, staleCaches, vmCacheKey, vmCacheName, type VmBuildFields } from "./cache-plan";

const manifest = (over: Partial<{ diskKey: string; stateKey: string; version: string; wasm: string; state: string; chunks: number }> = {}): VmBuildFields => ({
  build: { diskKey: over.diskKey ?? "747eb68f8d714d5b", stateKey: over.stateKey ?? "0dc3df0a03b9e1be" },
  v86: { version: over.version ?? "0.5.462", wasm: { sha256: over.wasm ?? "aa" }, lib: { sha256: "bb" } },
  bios: { sha256: "cc" },
  vgaBios: { sha256: "dd" },
  kernel: { sha256: "ee" },
  initrd: { sha256: "ff" },
  state: { sha256: over.state ?? "11" },
  disk: { chunks: over.chunks ?? 2048, chunkBytes: 1048576, compressedBytes: 238262753 },
});

describe("routeOf", () => {
  const scope = "https://example.github.io/sandbox/";
  const shell = new Set(["index.html", "assets/index-abc.js", "assets/codicon-x.ttf"]);
  const get = (path: string, mode = "cors") => routeOf({ url: scope + path, method: "GET", mode }, scope, shell);

  it("sends the page to network-first", () => {
    expect(get("", "navigate")).toBe("page");
    expect(get("index.html", "navigate")).toBe("page");
    expect(get("?lang=en", "navigate")).toBe("page");
  });
  it("sends app files to the shell bucket", () => {
    expect(get("assets/index-abc.js")).toBe("shell");
    expect(get("assets/codicon-x.ttf")).toBe("shell");
    expect(get("assets/lazy-chunk-not-listed.js")).toBe("shell");
  });
  it("sends the manifest and every VM artefact to the vm bucket", () => {
    expect(get("vm/manifest.json")).toBe("vm-manifest");
    for (const f of [
      "vm/v86.wasm",
      "vm/bios.bin",
      "vm/vgabios-stdvga.bin",
      "vm/state.bin.zst",
      "vm/bzImage",
      "vm/initrd.img",
      "vm/disk/disk-0-1048576.img.zst",
    ])
      expect(get(f)).toBe("vm");
  });
  it("leaves alone other origins, other paths, non-GET and the worker script", () => {
    expect(routeOf({ url: "https://cdn.example.com/sandbox/vm/v86.wasm", method: "GET" }, scope, shell)).toBe("pass");
    expect(routeOf({ url: "https://example.github.io/other/vm/v86.wasm", method: "GET" }, scope, shell)).toBe("pass");
    expect(routeOf({ url: scope + "vm/v86.wasm", method: "HEAD" }, scope, shell)).toBe("pass");
    expect(get("sw.js")).toBe("pass");
    expect(get("somewhere/else", "navigate")).toBe("pass");
  });
  it("works at the domain root too", () => {
    expect(routeOf({ url: "http://127.0.0.1:4173/vm/state.bin.zst", method: "GET" }, "http://127.0.0.1:4173/", shell)).toBe("vm");
  });
});

describe("cache names", () => {
  it("names the vm bucket after the build and changes it when any artefact changes", () => {
    const base = vmCacheKey(manifest());
    expect(vmCacheKey(manifest())).toBe(base);
    expect(base.startsWith("747eb68f8d714d5b-")).toBe(true);
    for (const change of [{ diskKey: "x" }, { stateKey: "y" }, { version: "0.5.463" }, { wasm: "a2" }, { state: "12" }, { chunks: 4096 }])
      expect(vmCacheKey(manifest(change))).not.toBe(base);
    expect(vmCacheName(manifest()).startsWith(`${CACHE_PREFIX}vm-`)).toBe(true);
  });
  it("names the shell bucket after its file list, whatever the order", () => {
    expect(shellCacheName(["b", "a"])).toBe(shellCacheName(["a", "b"]));
    expect(shellCacheName(["a", "b"])).not.toBe(shellCacheName(["a", "c"]));
    expect(shellCacheName([]).startsWith(`${CACHE_PREFIX}shell-`)).toBe(true);
  });
  it("hashes to 8 hex digits", () => {
    expect(shortHash("")).toBe("811c9dc5");
    expect(shortHash("hello")).toMatch(/^[0-9a-f]{8}$/);
  });
});

describe("staleCaches", () => {
  const oldVm = vmCacheName(manifest({ diskKey: "old" }));
  const newVm = vmCacheName(manifest());
  const oldShell = shellCacheName(["assets/index-1.js"]);
  const newShell = shellCacheName(["assets/index-2.js"]);
  const all = [oldVm, newVm, oldShell, newShell, "someone-elses-cache"];

  it("drops old VM buckets on a new VM build, keeping the shell and foreign caches", () => {
    expect(staleCaches(all, { vm: newVm })).toEqual([oldVm]);
  });
  it("drops old shell buckets on a new app build, keeping the VM bucket", () => {
    expect(staleCaches(all, { shell: newShell })).toEqual([oldShell]);
  });
  it("drops nothing when everything is current", () => {
    expect(staleCaches([newVm, newShell], { vm: newVm, shell: newShell })).toEqual([]);
  });
  it("drops every VM bucket of other builds, however many", () => {
    const three = [vmCacheName(manifest({ diskKey: "a" })), vmCacheName(manifest({ diskKey: "b" })), newVm];
    expect(staleCaches(three, { vm: newVm })).toEqual(three.slice(0, 2));
  });
});

describe("parseRange", () => {
  it("reads start-end, open end and suffix ranges", () => {
    expect(parseRange("bytes=0-99", 1000)).toEqual({ start: 0, end: 99 });
    expect(parseRange("bytes=900-", 1000)).toEqual({ start: 900, end: 999 });
    expect(parseRange("bytes=-100", 1000)).toEqual({ start: 900, end: 999 });
    expect(parseRange("bytes=990-2000", 1000)).toEqual({ start: 990, end: 999 });
  });
  it("says when there is no usable range (send the whole file)", () => {
    expect(parseRange(null, 1000)).toBeNull();
    expect(parseRange("bytes=0-1,5-6", 1000)).toBeNull();
    expect(parseRange("items=0-1", 1000)).toBeNull();
  });
  it("says when a range cannot be satisfied", () => {
    expect(parseRange("bytes=1000-", 1000)).toBe("invalid");
    expect(parseRange("bytes=5-2", 1000)).toBe("invalid");
    expect(parseRange("bytes=-0", 1000)).toBe("invalid");
  });
});
