import { describe, expect, it } from "vitest";
import { createFakeVm } from "./fake-vm.test-util";
import { createVmStore } from "./vm-store";

function setup() {
  const vm = createFakeVm();
  let t = 0;
  const store = createVmStore({ createVm: () => vm, now: () => (t += 100) });
  const kinds: string[] = [];
  store.subscribe((s, prev) => {
    if (s.status.kind !== prev.status.kind) kinds.push(s.status.kind);
  });
  return { vm, store, kinds };
}

describe("vm store", () => {
  it("reads the manifest and knows the build", async () => {
    const { store } = setup();
    const m = await store.getState().loadManifest();
    expect(m).not.toBeNull();
    expect(store.getState().buildId).toBe("disk1-0.5.462");
  });

  it("walks downloading → restoring → waiting-engine → ready and bumps the generation", async () => {
    const { store, kinds } = setup();
    expect(await store.getState().boot({ kind: "snapshot" })).toBe(true);
    expect(kinds).toEqual(["downloading", "restoring", "waiting-engine", "ready"]);
    const s = store.getState();
    expect(s.generation).toBe(1);
    expect(s.origin).toBe("snapshot");
    expect(s.downloadEndedAt).not.toBeNull();
  });

  it("keeps the download's real numbers and start time", async () => {
    const { store, vm } = setup();
    vm.holdBoot = true;
    const p = store.getState().boot({ kind: "snapshot" });
    await new Promise((r) => setTimeout(r, 0));
    const st = store.getState().status;
    expect(st).toMatchObject({ kind: "downloading", loadedBytes: 32e6, totalBytes: 32e6, file: "state.bin.zst" });
    vm.release!();
    await p;
    expect(store.getState().status.kind).toBe("ready");
  });

  it("shows a failed boot as a retryable error, and retry boots the same source again", async () => {
    const { store, vm } = setup();
    vm.failNext = "download failed: v86.wasm";
    const loads: number[] = [];
    const source = { kind: "saved" as const, load: async () => (loads.push(1), new ArrayBuffer(8)) };
    expect(await store.getState().boot(source)).toBe(false);
    expect(store.getState().status).toEqual({ kind: "error", message: "download failed: v86.wasm", retryable: true });
    expect(await store.getState().retry()).toBe(true);
    expect(loads.length).toBe(2);
    expect(vm.calls.filter((c) => c === "boot saved").length).toBe(2);
    expect(store.getState().origin).toBe("saved");
  });

  it("a manifest failure is an error whose retry reads it again", async () => {
    const { store, vm } = setup();
    vm.manifestFails = 1;
    expect(await store.getState().loadManifest()).toBeNull();
    expect(store.getState().status.kind).toBe("error");
    expect(await store.getState().retry()).toBe(true);
    expect(store.getState().manifest).not.toBeNull();
  });

  it("reset restores the shipped snapshot into the running machine", async () => {
    const { store, vm } = setup();
    await store.getState().boot({ kind: "snapshot" });
    store.getState().setUnresponsive(true);
    expect(await store.getState().reset()).toBe(true);
    expect(vm.calls).toContain("restore");
    expect(store.getState().generation).toBe(2);
    expect(store.getState().unresponsive).toBe(false);
  });

  it("reset before any boot boots instead", async () => {
    const { store, vm } = setup();
    expect(await store.getState().reset()).toBe(true);
    expect(vm.calls).toEqual(["boot"]);
  });

  it("runs one operation at a time", async () => {
    const { store, vm } = setup();
    vm.holdBoot = true;
    const first = store.getState().boot({ kind: "snapshot" });
    expect(await store.getState().reset()).toBe(false);
    await new Promise((r) => setTimeout(r, 0));
    vm.release!();
    expect(await first).toBe(true);
    expect(vm.calls).toEqual(["boot"]);
  });

  it("a failed reset is retried by booting a fresh machine", async () => {
    const { store, vm } = setup();
    await store.getState().boot({ kind: "snapshot" });
    vm.failNext = "restore failed";
    expect(await store.getState().reset()).toBe(false);
    expect(store.getState().status).toMatchObject({ kind: "error", message: "restore failed" });
    expect(await store.getState().retry()).toBe(true);
    expect(vm.calls).toEqual(["boot", "restore", "boot"]);
    expect(store.getState().generation).toBe(2);
  });

  it("a restore that never finishes (dead worker) becomes an error", async () => {
    const vm = createFakeVm();
    vm.restore = () => new Promise(() => {});
    const store = createVmStore({ createVm: () => vm, restoreTimeoutMs: 20 });
    await store.getState().boot({ kind: "snapshot" });
    expect(await store.getState().reset()).toBe(false);
    expect(store.getState().status).toMatchObject({ kind: "error", message: "the VM did not finish restoring within 0 s" });
  });
});
