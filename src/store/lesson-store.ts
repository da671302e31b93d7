import { createStore, type StoreApi } from "zustand/vanilla";
import { errText } from "../lib/errors";
import { KV_PREFIX, type KeyValue } from "../lib/kv";
import type { Bilingual } from "../lesson/bilingual";
import type { Lesson } from "../lesson/lesson-types";
import { formatProblem, type LessonProblem } from "../lesson/lesson-problem";
import type { LessonFiles } from "../lesson/parse-lesson";
import { readLesson } from "../lesson/parse-lesson";
import {
  createProgress,
  enterStep,
  goToStep,
  markPassed,
  nextStep,
  noteRun,
  restartStep,
  restoreProgress,
  revealHint,
  type LessonProgress,
} from "../lesson/progress";
import { createStepChecker, type CheckStatus, type StepChecker, type StepCheckerOptions } from "../lesson/step-checker";
import type { EngineEvents } from "../vm/engine-events";
import { validateLesson } from "../lesson/validate-lesson";
import type { GuestApi } from "../vm/guest-api";

/**
 * The lesson on the page: which lesson, the learner's progress (the one copy of it, moved only by the pure
 * functions of src/lesson/progress.ts and kept in localStorage), and the step's check status. While a machine is
 * ready, a step checker (src/lesson/step-checker.ts) judges the current step; the learner can read ahead while
 * the machine boots.
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
  /** The step whose setup commands are running (rewinding to a step that has no kept point). */
  settingUp: string | null;
  setupError: string | null;

  selectLesson(id: string): void;
  attach(guest: GuestApi, events: EngineEvents): void;
  detach(): void;
  next(): void;
  goTo(stepId: string): void;
  revealHint(): void;
  /** The learner ran a command of the current step with its "Run" button. */
  noteRun(): void;
  restartStep(): void;
  /** Makes the step current and starts it now (the machine is where the step begins: its rewind point restored, or its setup run). */
  enterStep(stepId: string): void;
  /** Runs the step's setup commands in the guest, then enters the step. */
  runSetup(stepId: string): Promise<void>;
  checkNow(): void;
  /** A check a little later, a few times (the learner pressed Enter: the command may still be running). */
  checkSoon(): void;
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
  /** For the step checker: its debounce after engine events, its checkSoon delays, its time limit per condition. */
  checkOptions?: Pick<StepCheckerOptions, "debounceMs" | "soonMs" | "timeoutMs">;
}

const LESSON_KEY = `${KV_PREFIX}lesson`;
const progressKey = (id: string) => `${KV_PREFIX}progress.${id}`;

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
  let machine: { guest: GuestApi; events: EngineEvents; checker: StepChecker } | null = null;

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
    /** Moves progress with one of the pure functions of progress.ts: the only way progress changes. */
    const apply = (f: (lesson: Lesson, p: LessonProgress) => LessonProgress) => {
      const { lesson, progress } = get();
      if (!lesson || !progress) return;
      const next = f(lesson, progress);
      if (next === progress) return;
      set(next.currentStepId !== progress.currentStepId ? { progress: next, check: null } : { progress: next });
      persist(next);
    };

    /** A step that has a check not passed yet is checked once as soon as it is shown with a machine to ask. */
    const checkIfOpen = () => {
      const { lesson, progress } = get();
      const step = lesson?.steps.find((s) => s.id === progress?.currentStepId);
      if (machine && step?.check && progress?.steps[step.id]?.status !== "passed") void machine.checker.checkNow();
    };

    const onStatus = (status: CheckStatus) => {
      if (status.result?.ok) apply((l, p) => markPassed(l, p, status.stepId, now()));
      if (get().progress?.currentStepId === status.stepId) set({ check: status });
    };

    /** A new checker for the machine (a check still running for other progress is dropped), then the first check. */
    const startChecker = (guest: GuestApi, events: EngineEvents) => {
      machine?.checker.dispose();
      const checker = createStepChecker({
        guest,
        events,
        read: () => {
          const { lesson, progress } = get();
          return lesson && progress ? { lesson, progress } : null;
        },
        onStatus,
        now,
        ...deps.checkOptions,
      });
      machine = { guest, events, checker };
      checkIfOpen();
    };

    return {
      lessons,
      lessonId: first?.id ?? null,
      lesson: first?.lesson ?? null,
      progress: first ? initialProgress(first.lesson) : null,
      check: null,
      settingUp: null,
      setupError: null,

      selectLesson(id) {
        const entry = get().lessons.find((l) => l.id === id);
        if (!entry || id === get().lessonId) return;
        deps.kv.set(LESSON_KEY, id);
        set({ lessonId: id, lesson: entry.lesson, progress: initialProgress(entry.lesson), check: null, setupError: null });
        if (machine) startChecker(machine.guest, machine.events);
      },
      attach(guest, events) {
        get().detach();
        startChecker(guest, events);
      },
      detach() {
        machine?.checker.dispose();
        machine = null;
        set({ check: null });
      },
      next: () => apply((l, p) => nextStep(l, p, now())),
      goTo: (stepId) => apply((l, p) => goToStep(l, p, stepId, now())),
      revealHint: () => apply((l, p) => revealHint(l, p)),
      noteRun: () => apply((l, p) => noteRun(l, p)),
      restartStep: () => apply((l, p) => restartStep(l, p, now())),
      enterStep: (stepId) => apply((l, p) => enterStep(l, p, stepId, now())),
      async runSetup(stepId) {
        const step = get().lesson?.steps.find((s) => s.id === stepId);
        const guest = machine?.guest;
        if (!step || !guest) return;
        set({ settingUp: stepId, setupError: null });
        try {
          if (step.setup.length) {
            const r = await guest.exec(["/bin/bash", "-c", step.setup.join("\n")], { timeoutMs: 600_000 });
            if (r.code !== 0) throw new Error((r.err || r.out).trim().split("\n").slice(-3).join("\n") || `setup exited ${r.code}`);
          }
          get().enterStep(stepId);
        } catch (e) {
          set({ setupError: errText(e) });
        } finally {
          set({ settingUp: null });
        }
      },
      checkNow: () => void machine?.checker.checkNow(),
      checkSoon: () => machine?.checker.checkSoon(),
      clearProgress() {
        for (const l of get().lessons) deps.kv.remove(progressKey(l.id));
        const lesson = get().lesson;
        set({ progress: lesson ? createProgress(lesson, now()) : null, check: null });
        if (machine) startChecker(machine.guest, machine.events);
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
        const progress = restoreProgress(lesson, get().progress, now());
        set({ lessons: [...others, entry], lesson, progress, check: null, setupError: null });
        persist(progress);
        if (machine) startChecker(machine.guest, machine.events);
        return problems;
      },
    };
  });
}
