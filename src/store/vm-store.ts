import { createStore, type StoreApi } from "zustand/vanilla";
import { errText } from "../lib/errors";
import { withTimeout } from "../lib/timeout";
import { buildId, type VmManifest } from "../vm/manifest";
import type { BootPhase, Vm } from "../vm/vm";
import type { SavedStateMeta } from "../lib/saved-state";

/** The Vm plus the manifest access BrowserVm has (read before booting, to match saved states). */
export interface SandboxVm extends Vm {
  readonly manifest: VmManifest | null;
  loadManifest(): Promise<VmManifest>;
}

/** Where the page's machine stands. Only this store sets it; the UI renders from it. */
export type BootStatus =
  | { kind: "idle" }
  | { kind: "manifest" }
  | { kind: "choose"; saved: SavedStateMeta }
  | { kind: "downloading"; loadedBytes: number; totalBytes: number; file: string; startedAt: number }
  | { kind: "restoring"; since: number }
  | { kind: "waiting-engine"; since: number }
  | { kind: "ready"; bootMs: number }
  | { kind: "error"; message: string; retryable: boolean };

export type MachineOrigin = "snapshot" | "saved";

/** What to boot or restore: the shipped snapshot, or a learner state (loaded lazily, so a retry loads it again). */
export type StateSource = { kind: "snapshot" } | { kind: "saved"; load: () => Promise<ArrayBuffer> };

export interface VmState {
  status: BootStatus;
  vm: SandboxVm | null;
  manifest: VmManifest | null;
  buildId: string | null;
  /** Bumps every time the engine becomes ready (boot, reset, resume): the machine lifecycle (machine-lifecycle.ts) re-attaches the page on it. */
  generation: number;
  origin: MachineOrigin | null;
  /** When the last download finished (ms, page clock), for the estimate of what is left. */
  downloadEndedAt: number | null;
  /** Set by the liveness monitor: the guest stopped answering its channel. */
  unresponsive: boolean;

  /** Reads the manifest (creating the VM). Resolves null and shows the error when it cannot. */
  loadManifest(): Promise<VmManifest | null>;
  /** Shows the "resume your saved session?" choice. */
  offerResume(saved: SavedStateMeta): void;
  /** Boots the machine from `source`. Resolves true once the engine answers. */
  boot(source: StateSource): Promise<boolean>;
  /** Restores the shipped snapshot (or `source`) into the running machine; boots afresh if there is none. */
  reset(source?: StateSource): Promise<boolean>;
  /** Repeats the boot or reset that failed last (or reads the manifest again). */
  retry(): Promise<boolean>;
  setUnresponsive(v: boolean): void;
}

export interface VmStoreDeps {
  createVm(): SandboxVm;
  now?: () => number;
  /** A restore that takes longer than this failed (the emulator worker may have died). */
  restoreTimeoutMs?: number;
}

export function createVmStore(deps: VmStoreDeps): StoreApi<VmState> {
  const now = deps.now ?? (() => performance.now());
  let op = 0;
  let busy = false;
  let lastAttempt: (() => Promise<boolean>) | null = null;

  return createStore<VmState>()((set, get) => {
    const vmOf = (): SandboxVm => {
      let vm = get().vm;
      if (!vm) {
        vm = deps.createVm();
        set({ vm });
      }
      return vm;
    };

    /** Maps the VM's phases onto the status, ignoring phases of an operation that was superseded. */
    const phaseHandler = (token: number) => (p: BootPhase) => {
      if (token !== op) return;
      const t = now();
      switch (p.kind) {
        case "downloading": {
          const prev = get().status;
          const startedAt = prev.kind === "downloading" ? prev.startedAt : t;
          set({ status: { kind: "downloading", loadedBytes: p.loadedBytes, totalBytes: p.totalBytes, file: p.file, startedAt } });
          break;
        }
        case "restoring":
          set((s) => ({ status: { kind: "restoring", since: t }, downloadEndedAt: s.status.kind === "downloading" ? t : s.downloadEndedAt }));
          break;
        case "waiting-engine":
          set({ status: { kind: "waiting-engine", since: t } });
          break;
        case "ready":
          break; // the operation sets ready itself, together with the generation
        case "error":
          set({ status: { kind: "error", message: p.message, retryable: p.retryable } });
          break;
        case "idle":
          set({ status: { kind: "idle" } });
          break;
      }
    };

    /** Runs one machine operation: one at a time, failures become the error status with a retry. */
    const run = async (attempt: () => Promise<boolean>, body: (token: number) => Promise<{ bootMs: number; origin: MachineOrigin }>) => {
      if (busy) return false;
      busy = true;
      lastAttempt = attempt;
      const token = ++op;
      try {
        const { bootMs, origin } = await body(token);
        if (token !== op) return false;
        set((s) => ({ status: { kind: "ready", bootMs }, generation: s.generation + 1, origin, unresponsive: false }));
        return true;
      } catch (e) {
        if (token === op) set({ status: { kind: "error", message: errText(e) || "unknown error", retryable: true } });
        return false;
      } finally {
        busy = false;
      }
    };

    const boot = (source: StateSource): Promise<boolean> =>
      run(
        () => boot(source),
        async (token) => {
          const vm = vmOf();
          const t0 = now();
          set({ status: { kind: "downloading", loadedBytes: 0, totalBytes: 0, file: "", startedAt: t0 }, downloadEndedAt: null });
          const state = source.kind === "saved" ? await source.load() : undefined;
          await vm.boot(phaseHandler(token), state);
          return { bootMs: now() - t0, origin: source.kind === "saved" ? "saved" : "snapshot" };
        },
      );

    const reset = (source: StateSource = { kind: "snapshot" }): Promise<boolean> => {
      const s = get();
      if (!s.vm || s.generation === 0) return boot(source);
      // If restoring into the running machine fails, the retry boots a fresh one (new worker).
      return run(
        () => boot(source),
        async (token) => {
          const t0 = now();
          set({ status: { kind: "restoring", since: t0 }, downloadEndedAt: t0 });
          const state = source.kind === "saved" ? await source.load() : undefined;
          const ms = deps.restoreTimeoutMs ?? 120_000;
          await withTimeout(
            s.vm!.restore(phaseHandler(token), state),
            ms,
            () => new Error(`the VM did not finish restoring within ${Math.round(ms / 1000)} s`),
          );
          return { bootMs: now() - t0, origin: source.kind === "saved" ? "saved" : "snapshot" };
        },
      );
    };

    return {
      status: { kind: "idle" },
      vm: null,
      manifest: null,
      buildId: null,
      generation: 0,
      origin: null,
      downloadEndedAt: null,
      unresponsive: false,

      async loadManifest() {
        if (get().manifest) return get().manifest;
        set({ status: { kind: "manifest" } });
        try {
          const m = await vmOf().loadManifest();
          set({ manifest: m, buildId: buildId(m) });
          return m;
        } catch (e) {
          set({ status: { kind: "error", message: errText(e) || "unknown error", retryable: true } });
          return null;
        }
      },
      offerResume: (saved) => set({ status: { kind: "choose", saved } }),
      boot,
      reset,
      retry: async () => {
        if (lastAttempt) return lastAttempt();
        if (!get().manifest) return (await get().loadManifest()) !== null;
        return boot({ kind: "snapshot" });
      },
      setUnresponsive: (v) => set({ unresponsive: v }),
    };
  });
}
