import type { CheckResult } from "./check-types";
import { evaluateCheck } from "./evaluate-check";
import type { Lesson } from "./lesson-types";
import {
  createProgress,
  currentStep,
  goToStep,
  jumpToStep,
  markPassed,
  nextStep,
  noteRun,
  restartStep,
  restoreProgress,
  revealHint,
  type LessonProgress,
} from "./progress";
import type { DockerEvent, GuestApi } from "../vm/guest-api";

export interface LessonRuntimeOptions {
  lesson: Lesson;
  guest: GuestApi;
  /** Progress saved earlier (any JSON; it is validated against the lesson). */
  saved?: unknown;
  /** Seconds since epoch; the guest clock is set from the page, so page time is guest time. */
  now?: () => number;
  /** Wait this long after an engine event before checking (events come in bursts). Default 300 ms. */
  debounceMs?: number;
  /** After the events stream ends (dockerd restarted): wait this long between attempts to subscribe again. */
  resubscribeMs?: number;
  resubscribeAttempts?: number;
  /** Passed to evaluateCheck. */
  timeoutMs?: number;
  /** Keep at most this many events of the current step. Default 1000. */
  maxEvents?: number;
}

export interface CheckStatus {
  /** The step the last result belongs to. */
  stepId: string;
  checking: boolean;
  result?: CheckResult;
  checkedAt?: number;
}

export interface LessonRuntimeState {
  progress: LessonProgress;
  check: CheckStatus;
  /** The engine's event stream is connected (checks also run on demand without it). */
  eventsConnected: boolean;
  eventsError?: string;
}

/**
 * The lesson's moving part: holds progress, listens to the engine's events, and re-checks the
 * current step after each burst of events or when asked (`checkNow`, e.g. when the learner presses
 * Enter in the terminal). Read-only store shape (getState/subscribe) for the UI.
 */
export interface LessonRuntime {
  getState(): LessonRuntimeState;
  subscribe(listener: (state: LessonRuntimeState) => void): () => void;
  /** Connect to the engine's events and check the current step once (resuming a saved lesson). */
  start(): Promise<void>;
  /** Check the current step now. Resolves with the result (undefined for a step without check). */
  checkNow(): Promise<CheckResult | undefined>;
  next(): void;
  goTo(stepId: string): void;
  /** After the UI ran the step's setup commands on a fresh VM. */
  jumpTo(stepId: string): void;
  restartStep(): void;
  revealHint(): void;
  /** The learner used a "Run" button of the current step. */
  noteRun(): void;
  /** Resolves when no check is pending or running (tests, and the UI before saving a snapshot). */
  whenIdle(): Promise<void>;
  dispose(): void;
}

export function createLessonRuntime(options: LessonRuntimeOptions): LessonRuntime {
  const { lesson, guest } = options;
  const now = options.now ?? (() => Date.now() / 1000);
  const debounceMs = options.debounceMs ?? 300;
  const maxEvents = options.maxEvents ?? 1000;
  const resubscribeMs = options.resubscribeMs ?? 2000;
  const resubscribeAttempts = options.resubscribeAttempts ?? 60;
  const listeners = new Set<(s: LessonRuntimeState) => void>();
  const initial = options.saved === undefined ? createProgress(lesson, now()) : restoreProgress(lesson, options.saved, now());
  let state: LessonRuntimeState = { progress: initial, check: { stepId: initial.currentStepId, checking: false }, eventsConnected: false };
  let events: DockerEvent[] = [];
  let unsubscribeEvents: (() => void) | undefined;
  let started = false;
  let disposed = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<CheckResult | undefined> | undefined;
  let again = false;

  const set = (patch: Partial<LessonRuntimeState>) => {
    state = { ...state, ...patch };
    for (const l of listeners) l(state);
  };

  const startedAt = () => state.progress.steps[state.progress.currentStepId]?.startedAt ?? now();

  const setProgress = (progress: LessonProgress) => {
    if (progress === state.progress) return;
    const moved = progress.currentStepId !== state.progress.currentStepId;
    if (moved || progress.steps[progress.currentStepId]?.startedAt !== state.progress.steps[progress.currentStepId]?.startedAt) {
      const since = Math.floor(progress.steps[progress.currentStepId]?.startedAt ?? now());
      events = events.filter((e) => e.time >= since);
    }
    set(moved ? { progress, check: { stepId: progress.currentStepId, checking: false } } : { progress });
  };

  const evaluateOnce = async (): Promise<CheckResult | undefined> => {
    const step = currentStep(lesson, state.progress);
    if (!step?.check || disposed) return undefined;
    set({ check: { ...state.check, stepId: step.id, checking: true } });
    const result = await evaluateCheck(step.check, {
      guest,
      stepStartedAt: startedAt(),
      events: [...events],
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    });
    if (disposed) return result;
    if (result.ok) setProgress(markPassed(lesson, state.progress, step.id, now()));
    if (state.progress.currentStepId === step.id) set({ check: { stepId: step.id, checking: false, result, checkedAt: now() } });
    return result;
  };

  const checkNow = (): Promise<CheckResult | undefined> => {
    if (timer) {
      clearTimeout(timer);
      timer = undefined;
    }
    if (running) {
      // A check is under way: run once more when it ends, so the answer reflects the latest state.
      again = true;
      return running;
    }
    running = (async () => {
      let result: CheckResult | undefined;
      do {
        again = false;
        result = await evaluateOnce();
      } while (again && !disposed);
      return result;
    })().finally(() => {
      running = undefined;
    });
    return running;
  };

  const schedule = () => {
    if (disposed) return;
    const step = currentStep(lesson, state.progress);
    if (!step?.check || state.progress.steps[step.id]?.status === "passed") return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      void checkNow();
    }, debounceMs);
  };

  const seen = new Set<string>();
  const onEvent = (ev: DockerEvent) => {
    // a re-subscription replays events since the step began: count each once
    const key = `${ev.timeNano}|${ev.Type}|${ev.Action}|${ev.Actor?.ID}`;
    if (seen.has(key)) return;
    seen.add(key);
    if (seen.size > 4 * maxEvents) seen.clear();
    events.push(ev);
    if (events.length > maxEvents) events = events.slice(-maxEvents);
    schedule();
  };

  /**
   * Subscribes to the engine's events since the step began; when the stream ends (dockerd restarted:
   * `systemctl restart docker`), subscribes again until the engine answers, then re-checks.
   */
  const subscribe = async (attempt = 0): Promise<void> => {
    if (disposed) return;
    try {
      const unsubscribe = await guest.engineEvents(`since=${Math.floor(startedAt())}`, onEvent, () => {
        unsubscribeEvents = undefined;
        set({ eventsConnected: false });
        if (!disposed) setTimeout(() => void subscribe().then(() => schedule()), resubscribeMs);
      });
      if (disposed) unsubscribe();
      else {
        unsubscribeEvents = unsubscribe;
        set({ eventsConnected: true, eventsError: undefined });
      }
    } catch (e) {
      set({ eventsConnected: false, eventsError: e instanceof Error ? e.message : String(e) });
      // the engine may be restarting: try again in the background (start() does not wait for it)
      if (attempt < resubscribeAttempts && !disposed) setTimeout(() => void subscribe(attempt + 1).then(() => schedule()), resubscribeMs);
    }
  };

  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async start() {
      if (started || disposed) return;
      started = true;
      await subscribe();
      const step = currentStep(lesson, state.progress);
      if (step && state.progress.steps[step.id]?.status !== "passed") await checkNow();
    },
    checkNow,
    next: () => setProgress(nextStep(lesson, state.progress, now())),
    goTo: (stepId) => setProgress(goToStep(lesson, state.progress, stepId, now())),
    jumpTo: (stepId) => setProgress(jumpToStep(lesson, state.progress, stepId, now())),
    restartStep: () => setProgress(restartStep(lesson, state.progress, now())),
    revealHint: () => setProgress(revealHint(lesson, state.progress)),
    noteRun: () => setProgress(noteRun(lesson, state.progress)),
    async whenIdle() {
      while (timer || running) {
        if (running) await running;
        else await new Promise((r) => setTimeout(r, debounceMs));
      }
    },
    dispose() {
      disposed = true;
      if (timer) clearTimeout(timer);
      unsubscribeEvents?.();
      listeners.clear();
    },
  };
}
