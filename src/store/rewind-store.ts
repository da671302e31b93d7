import { createStore, type StoreApi } from "zustand/vanilla";
import type { LessonState } from "./lesson-store";
import { decodeState, encodeState, type EncodedState } from "./state-codec";
import type { VmState } from "./vm-store";

/**
 * Rewind (classroom use): when the learner enters a step, the machine's state is captured
 * (as an uncompressed Blob, within a byte budget; the oldest points go first). "Rewind to this step"
 * restores that state; for a step with no point left, it restores the shipped snapshot and runs
 * the step's setup commands (the same path as "jump to step"), so any earlier step is reachable.
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
  vm: StoreApi<VmState>;
  lesson: StoreApi<LessonState>;
  /**
   * Default 400 MB: two points (≈166–181 MB each). The states are kept uncompressed: gzip
   * (CompressionStream) took 18 s of the page's main thread per point, at every step, while the learner's first
   * command ran (docs/performance.md §8). Older steps are still reachable: snapshot + the step's setup.
   */
  budgetBytes?: number;
  encode?: (state: ArrayBuffer) => Promise<EncodedState>;
  decode?: (e: EncodedState) => Promise<ArrayBuffer>;
  now?: () => number;
  /** How long to wait for the lesson to re-attach after a restore. */
  attachTimeoutMs?: number;
}

const errText = (e: unknown) => (e instanceof Error ? e.message : String(e));

function until<S>(store: StoreApi<S>, ok: (s: S) => boolean, ms: number): Promise<boolean> {
  if (ok(store.getState())) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      off();
      resolve(false);
    }, ms);
    const off = store.subscribe((s) => {
      if (!ok(s)) return;
      clearTimeout(timer);
      off();
      resolve(true);
    });
  });
}

export function createRewindStore(deps: RewindDeps): StoreApi<RewindState> {
  const encode = deps.encode ?? ((s: ArrayBuffer) => encodeState(s, false));
  const decode = deps.decode ?? ((e: EncodedState) => decodeState(e.blob, e.encoding));
  const now = deps.now ?? (() => performance.now());
  const saved = new Map<string, EncodedState>();
  let generationAtCapture = -1;

  return createStore<RewindState>()((set, get, api) => {
    const publish = (points: RewindPoint[]) => set({ points });

    return {
      points: [],
      budgetBytes: deps.budgetBytes ?? 400e6,
      capturing: null,
      rewinding: null,
      error: null,

      async capture(stepId) {
        const v = deps.vm.getState();
        if (get().capturing || get().rewinding || v.status.kind !== "ready" || !v.vm) return;
        set({ capturing: stepId });
        try {
          generationAtCapture = v.generation;
          const state = await v.vm.saveState();
          // the machine was restored meanwhile: this state belongs to no step
          if (deps.vm.getState().generation !== generationAtCapture) return;
          const enc = await encode(state);
          const point: RewindPoint = { stepId, bytes: enc.blob.size, at: now() };
          saved.set(stepId, enc);
          let points = [...get().points.filter((p) => p.stepId !== stepId), point];
          let total = points.reduce((n, p) => n + p.bytes, 0);
          while (total > get().budgetBytes && points.length > 1) {
            const [oldest, ...rest] = points;
            saved.delete(oldest!.stepId);
            total -= oldest!.bytes;
            points = rest;
          }
          publish(points);
        } catch {
          // a point is a convenience: without it, rewinding replays the step's setup instead
        } finally {
          set({ capturing: null });
        }
      },

      async rewindTo(stepId) {
        const lesson = deps.lesson.getState();
        const step = lesson.lesson?.steps.find((s) => s.id === stepId);
        if (!step || get().rewinding) return;
        set({ rewinding: stepId, error: null });
        try {
          // a point being captured (the learner entered a step a moment ago) finishes first
          await until(api, (s) => s.capturing === null, 120_000);
          const point = saved.get(stepId);
          const ok = point
            ? await deps.vm.getState().reset({ kind: "saved", load: () => decode(point) })
            : await deps.vm.getState().reset({ kind: "snapshot" });
          if (!ok) throw new Error(deps.vm.getState().status.kind === "error" ? (deps.vm.getState().status as { message: string }).message : "restore failed");
          const attached = await until(deps.lesson, (s) => s.attached, deps.attachTimeoutMs ?? 30_000);
          if (!attached) throw new Error("the lesson did not reconnect to the machine");
          if (point) deps.lesson.getState().enterStep(stepId);
          else await deps.lesson.getState().jumpTo(stepId);
          const jumpError = deps.lesson.getState().jumpError;
          if (jumpError) throw new Error(jumpError);
        } catch (e) {
          set({ error: errText(e) });
        } finally {
          set({ rewinding: null });
        }
      },

      clear() {
        saved.clear();
        publish([]);
      },
      dismissError: () => set({ error: null }),
    };
  });
}

/**
 * Captures a point each time the learner enters a step that has none (after the engine is ready and
 * the lesson attached). Returns a function that stops watching.
 */
export function watchStepEntries(rewind: StoreApi<RewindState>, lesson: StoreApi<LessonState>, vm: StoreApi<VmState>, delayMs = 1500): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const consider = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      const l = lesson.getState();
      const stepId = l.progress?.currentStepId;
      if (!stepId || !l.attached || l.jumping || vm.getState().status.kind !== "ready") return;
      if (rewind.getState().rewinding || rewind.getState().points.some((p) => p.stepId === stepId)) return;
      void rewind.getState().capture(stepId);
    }, delayMs);
  };
  const offLesson = lesson.subscribe((s, prev) => {
    if (s.progress?.currentStepId !== prev.progress?.currentStepId || (s.attached && !prev.attached) || (!s.jumping && prev.jumping)) consider();
  });
  consider();
  return () => {
    clearTimeout(timer);
    offLesson();
  };
}
