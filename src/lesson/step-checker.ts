import type { CheckResult } from "./check-types";
import { evaluateCheck } from "./evaluate-check";
import type { Lesson } from "./lesson-types";
import { currentStep, type LessonProgress } from "./progress";
import type { EngineEvents } from "../vm/engine-events";
import type { GuestApi } from "../vm/guest-api";

export interface CheckStatus {
  /** The step the status belongs to. */
  stepId: string;
  checking: boolean;
  result?: CheckResult;
  checkedAt?: number;
}

export interface StepCheckerOptions {
  guest: GuestApi;
  /** The machine's engine events: `event` checks read them, and each burst of them schedules a check. */
  events: EngineEvents;
  /** The lesson and the learner's progress as they are now. The checker never changes progress: its owner does. */
  read(): { lesson: Lesson; progress: LessonProgress } | null;
  /**
   * Every change of a step's check: started, or done with its result. A result with `ok` means the step's check holds:
   * the owner marks the step passed (progress.ts markPassed). The step may no longer be the current one.
   */
  onStatus(status: CheckStatus): void;
  /** Seconds since epoch (for `checkedAt`). */
  now?: () => number;
  /** Wait this long after an engine event before checking (events come in bursts). Default 300 ms. */
  debounceMs?: number;
  /** `checkSoon`: check at these delays after a command was entered (it may take a while). Default 1.5, 4, 10, 20 s. */
  soonMs?: number[];
  /** Passed to evaluateCheck: give up on one condition after this long. */
  timeoutMs?: number;
}

/**
 * Judges the learner's current step against the machine, and decides when: after each burst of engine events,
 * a few times after a command was entered (`checkSoon`), or when asked (`checkNow`). One checker per ready machine.
 */
export interface StepChecker {
  /** Check the current step now (passed or not). Resolves with the result (undefined for a step without check). */
  checkNow(): Promise<CheckResult | undefined>;
  /** A command was entered, or its output went quiet: check at a few delays, until the step passes or changes. */
  checkSoon(): void;
  /** Resolves when no check is pending or running (tests, and a page that saves a snapshot). */
  whenIdle(): Promise<void>;
  dispose(): void;
}

export function createStepChecker(options: StepCheckerOptions): StepChecker {
  const { guest, events, read } = options;
  const now = options.now ?? (() => Date.now() / 1000);
  const debounceMs = options.debounceMs ?? 300;
  let disposed = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let soon: ReturnType<typeof setTimeout>[] = [];
  let running: Promise<CheckResult | undefined> | undefined;
  let again = false;
  let last: CheckStatus | null = null;

  const status = (s: CheckStatus) => {
    last = s;
    options.onStatus(s);
  };

  /** The current step, when it has a check. */
  const current = () => {
    const r = read();
    const step = r && currentStep(r.lesson, r.progress);
    if (!r || !step?.check) return null;
    return { step, passed: r.progress.steps[step.id]?.status === "passed", startedAt: r.progress.steps[step.id]?.startedAt ?? now() };
  };
  /** The current step, when its check has yet to pass: the only one checked without being asked. */
  const open = () => {
    const c = current();
    return c && !c.passed ? c : null;
  };

  const evaluateOnce = async (): Promise<CheckResult | undefined> => {
    const o = current();
    if (!o || disposed) return undefined;
    const { step } = o;
    status({ ...(last?.stepId === step.id ? last : {}), stepId: step.id, checking: true });
    const result = await evaluateCheck(step.check!, {
      guest,
      stepStartedAt: o.startedAt,
      events: [...events.list()],
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    });
    if (!disposed) status({ stepId: step.id, checking: false, result, checkedAt: now() });
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
    if (disposed || !open()) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      void checkNow();
    }, debounceMs);
  };

  let lost = false;
  const unlisten = [
    events.onEvent(schedule),
    events.onConnectedChange((connected) => {
      // back after a dockerd restart: what happened meanwhile may pass the step
      if (connected && lost) schedule();
      lost = !connected;
    }),
  ];

  return {
    checkNow,
    checkSoon() {
      soon.forEach(clearTimeout);
      const stepId = open()?.step.id;
      if (!stepId || disposed) return;
      soon = (options.soonMs ?? [1500, 4000, 10_000, 20_000]).map((ms) =>
        setTimeout(() => {
          if (open()?.step.id === stepId) void checkNow();
        }, ms),
      );
    },
    async whenIdle() {
      while (timer || running) {
        if (running) await running;
        else await new Promise((r) => setTimeout(r, debounceMs));
      }
    },
    dispose() {
      disposed = true;
      if (timer) clearTimeout(timer);
      soon.forEach(clearTimeout);
      unlisten.forEach((f) => f());
    },
  };
}
