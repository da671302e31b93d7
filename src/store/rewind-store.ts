import { createStore, type StoreApi } from "zustand/vanilla";
import { errText } from "../lib/errors";
import { releaseBuffer } from "../lib/release-buffer";
import { withTimeout } from "../lib/timeout";
import type { LessonState } from "./lesson-store";
import type { ReadyMachine } from "./machine-lifecycle";
import { decodeState, type EncodedState } from "../lib/state-codec";
import { opfsStateFiles, type StateFiles } from "./state-files";
import type { VmState } from "./vm-store";
import { estimateStateBytes, readStateSizeDrivers, type StateSizeDrivers } from "../vm/state-size";

/**
 * Rewind (classroom use): when the learner enters a step, the machine's state is captured
 * (uncompressed, as a file of origin-private storage: src/store/state-files.ts; within a byte budget, the oldest
 * points go first). "Rewind to this step"
 * restores that state; for a step with no point left, it restores the shipped snapshot and runs
 * the step's setup commands (the lesson store's runSetup), so any earlier step is reachable.
 */
export interface RewindPoint {
  stepId: string;
  /** Size of the stored state. */
  bytes: number;
  /** Page clock (ms) when captured. */
  at: number;
}

export interface RewindState {
  points: RewindPoint[];
  /** Byte budget for all points together. */
  budgetBytes: number;
  /** No point is taken of a machine whose state would exceed this (see RewindDeps.maxPointBytes). */
  maxPointBytes: number;
  /** Set while entering steps takes no points: the machine's state has grown to about this many bytes. */
  tooLargeBytes: number | null;
  capturing: string | null;
  rewinding: string | null;
  error: string | null;
  capture(stepId: string): Promise<void>;
  rewindTo(stepId: string): Promise<void>;
  /** Forget every point (start over). */
  clear(): void;
  dismissError(): void;
}

export interface RewindDeps {
  /** Restores a state into the machine (reset). */
  vm: StoreApi<VmState>;
  /** The ready machine (src/store/machine-lifecycle.ts); another object after every restore. */
  machine: () => ReadyMachine | null;
  lesson: StoreApi<LessonState>;
  /**
   * Default 400 MB: two points (≈166–181 MB each). The states are kept uncompressed: gzip
   * (CompressionStream) took 18 s of the page's main thread per point, at every step, while the learner's first
   * command ran (docs/performance.md §8). Older steps are still reachable: snapshot + the step's setup.
   */
  budgetBytes?: number;
  /**
   * Default 300 MB. A saved state holds the guest's RAM and every disk block it has written (167 MB fresh, 284 MB
   * after one `docker pull nginx:alpine`, 670 MB after ubuntu and mysql), and saving it stops the guest's CPU while its
   * clock runs on: measured in Node 1.2 s for 167 MB, 8.0 s for 670 MB, 14.6 s for 824 MB. A pause like that as the
   * learner starts a command outlasts dockerd's own 10 s limits (`docker rm -f`: "did not receive an exit event").
   * So once the state would exceed this (estimated from the last save: src/vm/state-size.ts), no point is taken:
   * rewinding to such a step restores the snapshot and runs that step's setup instead.
   */
  maxPointBytes?: number;
  /** Reads what the state size follows (default: the guest's /proc/meminfo and the disk write counter). */
  measure?: (vm: ReadyMachine["vm"]) => Promise<StateSizeDrivers>;
  /** Where points are kept (default: OPFS files, Blobs where OPFS is missing). */
  files?: StateFiles;
  encode?: (state: ArrayBuffer) => Promise<EncodedState>;
  decode?: (e: EncodedState) => Promise<ArrayBuffer>;
  now?: () => number;
}

export function createRewindStore(deps: RewindDeps): StoreApi<RewindState> {
  const files = deps.files ?? opfsStateFiles();
  const encode = deps.encode ?? (async (s: ArrayBuffer): Promise<EncodedState> => ({ blob: await files.put(s), encoding: "identity" }));
  const forget = (stepId: string) => {
    const point = saved.get(stepId);
    saved.delete(stepId);
    if (point) void files.drop(point.blob);
  };
  const decode = deps.decode ?? ((e: EncodedState) => decodeState(e.blob, e.encoding));
  const now = deps.now ?? (() => performance.now());
  const saved = new Map<string, EncodedState>();
  const measure = deps.measure ?? readStateSizeDrivers;
  /** The last state saved of the current machine: its size, and what it followed then. */
  let known: ({ machine: ReadyMachine; stateBytes: number } & StateSizeDrivers) | null = null;
  let capturing: Promise<void> | null = null;

  return createStore<RewindState>()((set, get) => {
    const publish = (points: RewindPoint[]) => set({ points });

    /**
     * The machine's state, stored: written into a file by the emulator's worker where it can, so that the state is
     * never held in memory (a save used to add a state's size, 170–300 MB, to the tab for the seconds it took to write
     * it: docs/performance.md §11); else saved into memory and stored from there.
     */
    const saveStored = async (vm: ReadyMachine["vm"]): Promise<{ enc: EncodedState; stateBytes: number }> => {
      if (vm.saveStateToFile) {
        const blob = await files.write((file) => vm.saveStateToFile!(file)).catch(() => null);
        if (blob) return { enc: { blob, encoding: "identity" }, stateBytes: blob.size };
      }
      const state = await vm.saveState();
      try {
        return { enc: await encode(state), stateBytes: state.byteLength };
      } finally {
        // written to its file or copied into a Blob: the 170–300 MB buffer is not read again
        releaseBuffer(state);
      }
    };

    /** Saves the machine's state as the point of `stepId` (unless it would be too large, or the machine was restored meanwhile). */
    const captureOf = async (machine: ReadyMachine, stepId: string): Promise<void> => {
      const vm = machine.vm;
      set({ capturing: stepId });
      try {
        const drivers = await measure(vm);
        if (known && known.machine === machine) {
          const estimate = estimateStateBytes(known, drivers);
          if (estimate > get().maxPointBytes) {
            set({ tooLargeBytes: estimate });
            return;
          }
        }
        const { enc, stateBytes } = await saveStored(vm);
        // the machine was restored meanwhile (this state belongs to no step), or the point alone exceeds the budget
        // (it would push out every other one: keep those instead)
        const belongs = deps.machine() === machine;
        if (belongs) {
          known = { machine, stateBytes, ...drivers };
          set({ tooLargeBytes: null });
        }
        if (!belongs || stateBytes > get().budgetBytes) {
          void files.drop(enc.blob);
          return;
        }
        const point: RewindPoint = { stepId, bytes: enc.blob.size, at: now() };
        forget(stepId);
        saved.set(stepId, enc);
        let points = [...get().points.filter((p) => p.stepId !== stepId), point];
        let total = points.reduce((n, p) => n + p.bytes, 0);
        while (total > get().budgetBytes && points.length > 1) {
          const [oldest, ...rest] = points;
          forget(oldest!.stepId);
          total -= oldest!.bytes;
          points = rest;
        }
        publish(points);
      } catch {
        // a point is a convenience: without it, rewinding replays the step's setup instead
      } finally {
        set({ capturing: null });
      }
    };

    return {
      points: [],
      budgetBytes: deps.budgetBytes ?? 400e6,
      maxPointBytes: deps.maxPointBytes ?? 300e6,
      tooLargeBytes: null,
      capturing: null,
      rewinding: null,
      error: null,

      capture(stepId) {
        const machine = deps.machine();
        if (get().capturing || get().rewinding || !machine) return Promise.resolve();
        capturing = captureOf(machine, stepId).finally(() => (capturing = null));
        return capturing;
      },

      async rewindTo(stepId) {
        const lesson = deps.lesson.getState();
        const step = lesson.lesson?.steps.find((s) => s.id === stepId);
        if (!step || get().rewinding) return;
        set({ rewinding: stepId, error: null });
        try {
          // a point being captured (the learner entered a step a moment ago) finishes first
          if (capturing) await withTimeout(capturing, 120_000, () => new Error("capture")).catch(() => {});
          const point = saved.get(stepId);
          const ok = point
            ? await deps.vm.getState().reset({ kind: "saved", load: () => decode(point) })
            : await deps.vm.getState().reset({ kind: "snapshot" });
          if (!ok) throw new Error(deps.vm.getState().status.kind === "error" ? (deps.vm.getState().status as { message: string }).message : "restore failed");
          // the machine's hooks (the lesson's among them) attached as the restore ended
          const machine = deps.machine();
          if (!machine) throw new Error("the machine is not ready");
          if (point) {
            const drivers = await measure(machine.vm).catch(() => null);
            known = drivers ? { machine, stateBytes: point.blob.size, ...drivers } : null;
            deps.lesson.getState().enterStep(stepId);
          } else await deps.lesson.getState().runSetup(stepId);
          const setupError = deps.lesson.getState().setupError;
          if (setupError) throw new Error(setupError);
        } catch (e) {
          set({ error: errText(e) });
        } finally {
          set({ rewinding: null });
        }
      },

      clear() {
        for (const stepId of [...saved.keys()]) forget(stepId);
        known = null;
        set({ tooLargeBytes: null });
        publish([]);
      },
      dismissError: () => set({ error: null }),
    };
  });
}

/**
 * While the machine is ready (a machine hook, src/store/app.ts): captures a point each time the learner enters a step
 * that has none, and — unless `atReady` is false — for the current step when the machine becomes ready. Returns a
 * function that stops watching.
 */
export function watchStepEntries(rewind: StoreApi<RewindState>, lesson: StoreApi<LessonState>, delayMs = 1500, atReady = true): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const consider = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      const l = lesson.getState();
      const stepId = l.progress?.currentStepId;
      if (!stepId || l.settingUp) return;
      if (rewind.getState().rewinding || rewind.getState().points.some((p) => p.stepId === stepId)) return;
      void rewind.getState().capture(stepId);
    }, delayMs);
  };
  const offLesson = lesson.subscribe((s, prev) => {
    if (s.progress?.currentStepId !== prev.progress?.currentStepId || (!s.settingUp && prev.settingUp)) consider();
  });
  if (atReady) consider();
  return () => {
    clearTimeout(timer);
    offLesson();
  };
}
