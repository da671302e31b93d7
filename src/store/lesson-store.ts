import { createStore, type StoreApi } from "zustand/vanilla";
import { errText } from "../lib/errors";
import type { Bilingual } from "../lesson/bilingual";
import { createLessonRuntime, type CheckStatus, type LessonRuntime } from "../lesson/lesson-runtime";
import type { Lesson } from "../lesson/lesson-types";
import type { LessonFiles } from "../lesson/parse-lesson";
import { readLesson } from "../lesson/parse-lesson";
import { createProgress, goToStep, jumpToStep, nextStep, restoreProgress, revealHint, type LessonProgress } from "../lesson/progress";
import type { EngineEvents } from "../vm/engine-events";
import type { GuestApi } from "../vm/guest-api";
import { KV_PREFIX, type KeyValue } from "../lib/kv";

/**
 * Adapter between the lesson runtime (src/lesson) and the page: picks the lesson, keeps progress
 * in localStorage, recreates the runtime for each machine generation (a restore drops its event
 * stream) and lets the learner read ahead while the machine boots.
 */
export interface LessonEntry {
  id: string;
  title: Bilingual;
  lesson: Lesson;
  /** Format errors found by the parser (the lesson still shows, best effort). */
  errors: string[];
}

export interface LessonState {
  lessons: LessonEntry[];
  lessonId: string | null;
  lesson: Lesson | null;
  progress: LessonProgress | null;
  check: CheckStatus | null;
  eventsConnected: boolean;
  attached: boolean;
  /** The step whose setup is running ("jump to step"). */
  jumping: string | null;
  jumpError: string | null;

  selectLesson(id: string): void;
  attach(guest: GuestApi, events: EngineEvents): Promise<void>;
  detach(): void;
  next(): void;
  goTo(stepId: string): void;
  checkNow(): void;
  /** A check a little later (the learner pressed Enter: the command may still be running). */
  checkSoon(): void;
  revealHint(): void;
  restartStep(): void;
  /** Runs the step's setup commands in the guest, then starts that step. */
  jumpTo(stepId: string): Promise<void>;
  /** Makes the step current and starts it now, without setup (after a rewind restored its state). */
  enterStep(stepId: string): void;
  clearProgress(): void;
}

export interface LessonStoreDeps {
  files: Record<string, LessonFiles>;
  kv: KeyValue;
  /**
   * Seconds since epoch. Default: the page's clock, 2 s early, so a command typed right after a
   * step began still counts when the guest's clock is a little behind (it is synced every minute).
   */
  now?: () => number;
  preferred?: string[];
  /** After Enter: check at these delays (a command may take a while; a passed step stops the series). */
  checkSoonMs?: number[];
  runtimeOptions?: { debounceMs?: number; timeoutMs?: number };
}

const LESSON_KEY = `${KV_PREFIX}lesson`;
const progressKey = (id: string) => `${KV_PREFIX}progress.${id}`;

export function loadLessons(files: Record<string, LessonFiles>, preferred: string[] = ["docker-core-elements"]): LessonEntry[] {
  const entries = Object.entries(files).map(([id, f]) => {
    const { lesson, problems } = readLesson(f, { id });
    return { id, title: lesson.title, lesson, errors: problems.filter((p) => p.severity === "error").map((p) => `${p.file}: ${p.message}`) };
  });
  const rank = (id: string) => (preferred.includes(id) ? preferred.indexOf(id) : preferred.length);
  return entries.filter((e) => e.lesson.steps.length > 0).sort((a, b) => rank(a.id) - rank(b.id) || a.id.localeCompare(b.id));
}

export function createLessonStore(deps: LessonStoreDeps): StoreApi<LessonState> {
  const now = deps.now ?? (() => Date.now() / 1000 - 2);
  const lessons = loadLessons(deps.files, deps.preferred);
  let runtime: LessonRuntime | null = null;
  let unsubscribe: (() => void) | null = null;
  let machine: { guest: GuestApi; events: EngineEvents } | null = null;
  let soon: ReturnType<typeof setTimeout>[] = [];

  const savedProgress = (id: string): unknown => {
    try {
      return JSON.parse(deps.kv.get(progressKey(id)) ?? "null") ?? undefined;
    } catch {
      return undefined;
    }
  };
  const persist = (p: LessonProgress | null) => {
    if (p) deps.kv.set(progressKey(p.lessonId), JSON.stringify(p));
  };
  const initialProgress = (lesson: Lesson): LessonProgress => {
    const saved = savedProgress(lesson.id);
    return saved === undefined ? createProgress(lesson, now()) : restoreProgress(lesson, saved, now());
  };
  const stored = deps.kv.get(LESSON_KEY);
  const first = lessons.find((l) => l.id === stored) ?? lessons[0] ?? null;

  return createStore<LessonState>()((set, get) => {
    const stopRuntime = () => {
      soon.forEach(clearTimeout);
      soon = [];
      unsubscribe?.();
      runtime?.dispose();
      runtime = null;
      unsubscribe = null;
    };

    const startRuntime = async (m: { guest: GuestApi; events: EngineEvents }) => {
      stopRuntime();
      const { lesson, progress } = get();
      if (!lesson) return;
      const rt = createLessonRuntime({ lesson, guest: m.guest, events: m.events, saved: progress ?? undefined, now, ...deps.runtimeOptions });
      runtime = rt;
      const sync = () => {
        const s = rt.getState();
        set({ progress: s.progress, check: s.check, eventsConnected: s.eventsConnected });
        persist(s.progress);
      };
      unsubscribe = rt.subscribe(sync);
      sync();
      set({ attached: true });
      await rt.start();
    };

    /** While detached, progress moves with the pure functions of src/lesson/progress. */
    const offline = (f: (lesson: Lesson, p: LessonProgress) => LessonProgress) => {
      const { lesson, progress } = get();
      if (!lesson || !progress) return;
      const next = f(lesson, progress);
      if (next !== progress) {
        set({ progress: next });
        persist(next);
      }
    };

    return {
      lessons,
      lessonId: first?.id ?? null,
      lesson: first?.lesson ?? null,
      progress: first ? initialProgress(first.lesson) : null,
      check: null,
      eventsConnected: false,
      attached: false,
      jumping: null,
      jumpError: null,

      selectLesson(id) {
        const entry = lessons.find((l) => l.id === id);
        if (!entry || id === get().lessonId) return;
        stopRuntime();
        deps.kv.set(LESSON_KEY, id);
        set({ lessonId: id, lesson: entry.lesson, progress: initialProgress(entry.lesson), check: null, attached: false, jumpError: null });
        if (machine) void startRuntime(machine);
      },
      async attach(guest, events) {
        machine = { guest, events };
        await startRuntime(machine);
      },
      detach() {
        machine = null;
        stopRuntime();
        set({ attached: false, eventsConnected: false, check: null });
      },
      next: () => (runtime ? runtime.next() : offline((l, p) => nextStep(l, p, now()))),
      goTo: (stepId) => (runtime ? runtime.goTo(stepId) : offline((l, p) => goToStep(l, p, stepId, now()))),
      checkNow: () => void runtime?.checkNow(),
      checkSoon() {
        if (!runtime) return;
        soon.forEach(clearTimeout);
        const stepId = get().progress?.currentStepId;
        soon = (deps.checkSoonMs ?? [1500, 4000, 10_000, 20_000]).map((ms) =>
          setTimeout(() => {
            const s = get();
            if (!runtime || s.progress?.currentStepId !== stepId || s.progress?.steps[stepId!]?.status === "passed") return;
            void runtime.checkNow();
          }, ms),
        );
      },
      revealHint: () => (runtime ? runtime.revealHint() : offline((l, p) => revealHint(l, p))),
      restartStep: () => runtime?.restartStep(),
      async jumpTo(stepId) {
        const step = get().lesson?.steps.find((s) => s.id === stepId);
        if (!step || !machine || !runtime) return;
        set({ jumping: stepId, jumpError: null });
        try {
          if (step.setup.length) {
            const r = await machine.guest.exec(["/bin/bash", "-c", step.setup.join("\n")], { timeoutMs: 600_000 });
            if (r.code !== 0) throw new Error((r.err || r.out).trim().split("\n").slice(-3).join("\n") || `setup exited ${r.code}`);
          }
          runtime.jumpTo(stepId);
        } catch (e) {
          set({ jumpError: errText(e) });
        } finally {
          set({ jumping: null });
        }
      },
      enterStep: (stepId) => (runtime ? runtime.jumpTo(stepId) : offline((l, p) => jumpToStep(l, p, stepId, now()))),
      clearProgress() {
        for (const l of lessons) deps.kv.remove(progressKey(l.id));
        const lesson = get().lesson;
        stopRuntime();
        set({ progress: lesson ? createProgress(lesson, now()) : null, check: null, attached: false });
        if (machine) void startRuntime(machine);
      },
    };
  });
}
