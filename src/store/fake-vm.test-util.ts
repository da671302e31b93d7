/** Test-only: a scripted SandboxVm (no emulator). Never imported by the product. */
import type { DockerEvent, GuestApi } from "../vm/guest-api";
import type { VmManifest } from "../vm/manifest";
import type { BootPhase } from "../vm/vm";
import type { SandboxVm } from "./vm-store";

export const FAKE_MANIFEST = {
  format: 1,
  build: { diskKey: "disk1", stateKey: "state1", builtAt: "2026-01-01" },
  v86: { version: "0.5.462", wasm: { name: "v86.wasm", size: 2e6, sha256: "" }, lib: { name: "", size: 0, sha256: "" } },
  state: { name: "state.bin.zst", size: 30e6, sha256: "", savedAt: "" },
} as unknown as VmManifest;

export interface FakeVm extends SandboxVm {
  calls: string[];
  bootStates: (ArrayBuffer | undefined)[];
  failNext: string | null;
  alive: boolean;
  termOut: string[];
  saveBytes: number;
  /** What diskWrittenBytes() answers. */
  diskWritten: number;
  /** Resolve a boot that is held (when `holdBoot`). */
  release?: () => void;
  holdBoot: boolean;
  manifestFails: number;
}

export function createFakeVm(guest: GuestApi = nullGuest()): FakeVm {
  const vm: FakeVm = {
    calls: [],
    bootStates: [],
    failNext: null,
    alive: true,
    termOut: [],
    saveBytes: 1024,
    diskWritten: 0,
    holdBoot: false,
    manifestFails: 0,
    manifest: null,
    guest,
    terminal: {
      write: (d) => void vm.termOut.push(typeof d === "string" ? d : new TextDecoder().decode(d)),
      onData: () => () => {},
      resize: (c, r) => void vm.calls.push(`resize ${c}x${r}`),
    },
    async loadManifest() {
      vm.calls.push("manifest");
      if (vm.manifestFails > 0) {
        vm.manifestFails--;
        throw new Error("VM manifest missing (404)");
      }
      (vm as { manifest: VmManifest | null }).manifest = FAKE_MANIFEST;
      return FAKE_MANIFEST;
    },
    async boot(onPhase: (p: BootPhase) => void, state?: ArrayBuffer) {
      vm.calls.push(state ? "boot saved" : "boot");
      vm.bootStates.push(state);
      onPhase({ kind: "downloading", loadedBytes: 1e6, totalBytes: 32e6, file: "v86.wasm" });
      onPhase({ kind: "downloading", loadedBytes: 32e6, totalBytes: 32e6, file: "state.bin.zst" });
      if (vm.holdBoot) await new Promise<void>((r) => (vm.release = r));
      if (vm.failNext) {
        const m = vm.failNext;
        vm.failNext = null;
        onPhase({ kind: "error", message: m, retryable: true });
        throw new Error(m);
      }
      onPhase({ kind: "restoring" });
      onPhase({ kind: "waiting-engine" });
      onPhase({ kind: "ready", bootMs: 1 });
    },
    async diskWrittenBytes() {
      return vm.diskWritten;
    },
    async saveState() {
      vm.calls.push("save");
      return new Uint8Array(vm.saveBytes).buffer;
    },
    async restore(onPhase: (p: BootPhase) => void, state?: ArrayBuffer) {
      vm.calls.push(state ? "restore saved" : "restore");
      onPhase({ kind: "restoring" });
      if (vm.failNext) {
        const m = vm.failNext;
        vm.failNext = null;
        throw new Error(m);
      }
      onPhase({ kind: "waiting-engine" });
      onPhase({ kind: "ready", bootMs: 1 });
    },
    async isAlive() {
      return vm.alive;
    },
    async destroy() {},
  };
  return vm;
}

export function nullGuest(): GuestApi & { emit(ev: DockerEvent): void; subscriptions: number } {
  const listeners = new Set<(ev: DockerEvent) => void>();
  const g = {
    subscriptions: 0,
    emit: (ev: DockerEvent) => listeners.forEach((l) => l(ev)),
    engine: async () => {
      throw new Error("no engine in this fake");
    },
    engineEvents: async (_q: string, cb: (ev: DockerEvent) => void) => {
      g.subscriptions++;
      listeners.add(cb);
      return () => void listeners.delete(cb);
    },
    httpStream: () => Promise.reject(new Error("no httpStream in this fake")),
    http: async () => {
      throw new Error("no http in this fake");
    },
    exec: async () => {
      throw new Error("no exec in this fake");
    },
    readFile: async () => null,
    writeFile: async () => {},
  };
  return g;
}
