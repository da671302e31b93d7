import { createStore, type StoreApi } from "zustand/vanilla";
import type { Bilingual } from "../lesson/bilingual";
import { createLessonRuntime, type CheckStatus, type LessonRuntime } from "../lesson/lesson-runtime";
import type { Lesson } from "../lesson/lesson-types";
import { formatProblem, type LessonProblem } from "../lesson/lesson-problem";
import type { LessonFiles } from "../lesson/parse-lesson";
import { readLesson } from "../lesson/parse-lesson";
import { createProgress, goToStep, jumpToStep, nextStep, noteRun, restoreProgress, revealHint, type LessonProgress } from "../lesson/progress";
import { validateLesson } from "../lesson/validate-lesson";
import type { GuestApi } from "../vm/guest-api";
import { KV_PREFIX, type KeyValue } from "./kv";

/**
 * Adapter between the lesson runtime (src/lesson) and the page: picks the lesson, keeps progress
 * in localStorage, recreates the runtime for each machine generation (a restore drops its event
 * stream) and lets the learner read ahead while the machine boots.
 */
export interface LessonEntry {
  id: string;
  title: Bilingual;
  lesson: Lesson;
  /** A lesson loaded from a URL (untrusted: its Markdown is shown without HTML): the folder's URL, also its id. */
  url?: string;
  /** A lesson from a teacher's local folder (untrusted too). */
  local?: boolean;
  /** Format errors found by the parser (the lesson still shows, best effort). */
  errors: string[];
}

/** A lesson folder read at run time (from a URL, or a teacher's local folder), added beside the bundled ones. */
export interface LessonSource {
  id: string;
  files: LessonFiles;
  url?: string;
  local?: boolean;
  /** Problems found while reading the folder (a step file that could not be fetched). */
  problems?: LessonProblem[];
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
  attach(guest: GuestApi): Promise<void>;
  detach(): void;
  next(): void;
  goTo(stepId: string): void;
  checkNow(): void;
  /** A check a little later (the learner pressed Enter: the command may still be running). */
  checkSoon(): void;
  revealHint(): void;
  /** The learner ran a command of the current step with its "Run" button. */
  noteRun(): void;
  restartStep(): void;
  /** Runs the step's setup commands in the guest, then starts that step. */
  jumpTo(stepId: string): Promise<void>;
  /** Makes the step current and starts it now, without setup (after a rewind restored its state). */
  enterStep(stepId: string): void;
  clearProgress(): void;
  /**
   * Validates a lesson folder read at run time and, when it has no errors, adds it (or replaces the lesson with
   * the same id, keeping the learner's progress and the current step) and makes it the current lesson.
   * Returns every problem (errors and warnings); with an error nothing is added: nothing of it runs.
   */
  addLesson(source: LessonSource): LessonProblem[];
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
const errText = (e: unknown) => (e instanceof Error ? e.message : String(e));

export function loadLessons(files: Record<string, LessonFiles>, preferred: string[] = ["docker-core-elements"]): LessonEntry[] {
  const entries = Object.entries(files).map(([id, f]) => {
    const { lesson, problems } = readLesson(f, { id });
    return { id, title: lesson.title, lesson, errors: problems.filter((p) => p.severity === "error").map(formatProblem) };
  });
  const rank = (id: string) => (preferred.includes(id) ? preferred.indexOf(id) : preferred.length);
  return entries.filter((e) => e.lesson.steps.length > 0).sort((a, b) => rank(a.id) - rank(b.id) || a.id.localeCompare(b.id));
}

export function createLessonStore(deps: LessonStoreDeps): StoreApi<LessonState> {
  const now = deps.now ?? (() => Date.now() / 1000 - 2);
  const lessons = loadLessons(deps.files, deps.preferred);
  let runtime: LessonRuntime | null = null;
  let unsubscribe: (() => void) | null = null;
  let guest: GuestApi | null = null;
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

    const startRuntime = async (g: GuestApi) => {
      stopRuntime();
      const { lesson, progress } = get();
      if (!lesson) return;
      const rt = createLessonRuntime({ lesson, guest: g, saved: progress ?? undefined, now, ...deps.runtimeOptions });
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
        const entry = get().lessons.find((l) => l.id === id);
        if (!entry || id === get().lessonId) return;
        stopRuntime();
        deps.kv.set(LESSON_KEY, id);
        set({ lessonId: id, lesson: entry.lesson, progress: initialProgress(entry.lesson), check: null, attached: false, jumpError: null });
        if (guest) void startRuntime(guest);
      },
      async attach(g) {
        guest = g;
        await startRuntime(g);
      },
      detach() {
        guest = null;
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
      noteRun: () => (runtime ? runtime.noteRun() : offline((l, p) => noteRun(l, p))),
      restartStep: () => runtime?.restartStep(),
      async jumpTo(stepId) {
        const step = get().lesson?.steps.find((s) => s.id === stepId);
        if (!step || !guest || !runtime) return;
        set({ jumping: stepId, jumpError: null });
        try {
          if (step.setup.length) {
            const r = await guest.exec(["/bin/bash", "-c", step.setup.join("\n")], { timeoutMs: 600_000 });
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
        for (const l of get().lessons) deps.kv.remove(progressKey(l.id));
        const lesson = get().lesson;
        stopRuntime();
        set({ progress: lesson ? createProgress(lesson, now()) : null, check: null, attached: false });
        if (guest) void startRuntime(guest);
      },
      addLesson(source) {
        const problems = [...(source.problems ?? []), ...validateLesson(source.files, { id: source.id })];
        if (problems.some((p) => p.severity === "error")) return problems;
        const { lesson } = readLesson(source.files, { id: source.id });
        const entry: LessonEntry = { id: source.id, title: lesson.title, lesson, errors: [] };
        if (source.url) entry.url = source.url;
        if (source.local) entry.local = true;
        const others = get().lessons.filter((l) => l.id !== source.id);
        if (get().lessonId !== source.id) {
          set({ lessons: [...others, entry] });
          get().selectLesson(source.id);
          return problems;
        }
        // the same lesson, edited: its steps may have changed; progress is fitted to them, the current step kept
        stopRuntime();
        const progress = restoreProgress(lesson, get().progress, now());
        set({ lessons: [...others, entry], lesson, progress, check: null, attached: false, jumpError: null });
        persist(progress);
        if (guest) void startRuntime(guest);
        return problems;
      },
    };
  });
}
