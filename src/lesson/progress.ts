import type { Lesson, Step } from "./lesson-types";

/**
 * Where a learner stands in a lesson, as plain JSON the UI can persist (localStorage/IndexedDB).
 * Every function is pure: it returns a new progress object (or the same one when nothing changes).
 *
 * - locked: not reached yet; active: reachable, not passed; passed: done — a passed step stays passed.
 * - Passing a step unlocks the next one; the learner moves on with `nextStep`.
 */
export type StepStatus = "locked" | "active" | "passed";

export interface StepProgress {
  status: StepStatus;
  /** When the learner began this step (seconds since epoch): checks look at what happened since. */
  startedAt?: number;
  passedAt?: number;
  /** How many hints are revealed. */
  hintsShown: number;
  /** How many of the lesson's commands the learner ran with their "Run" button in this step (absent: none). */
  runsUsed?: number;
}

export interface LessonProgress {
  version: 1;
  lessonId: string;
  currentStepId: string;
  steps: Record<string, StepProgress>;
}

export function createProgress(lesson: Lesson, now: number): LessonProgress {
  const steps: Record<string, StepProgress> = {};
  lesson.steps.forEach((s, i) => {
    steps[s.id] = i === 0 ? { status: "active", startedAt: now, hintsShown: 0 } : { status: "locked", hintsShown: 0 };
  });
  return { version: 1, lessonId: lesson.id, currentStepId: lesson.steps[0]?.id ?? "", steps };
}

/**
 * Progress saved earlier, made to fit the lesson as it is now (steps added, removed or reordered
 * since): unknown steps are dropped, new ones start locked, anything unreadable starts afresh.
 */
export function restoreProgress(lesson: Lesson, saved: unknown, now: number): LessonProgress {
  const fresh = createProgress(lesson, now);
  if (!isSaved(saved) || saved.lessonId !== lesson.id) return fresh;
  const steps: Record<string, StepProgress> = {};
  for (const step of lesson.steps) {
    const old = saved.steps[step.id];
    steps[step.id] = old && isStepProgress(old) ? { ...old } : { status: "locked", hintsShown: 0 };
  }
  // Whatever follows a passed step is reachable.
  lesson.steps.forEach((step, i) => {
    const prev = lesson.steps[i - 1];
    if (steps[step.id]!.status === "locked" && (i === 0 || (prev && steps[prev.id]!.status === "passed"))) steps[step.id]!.status = "active";
  });
  const current = steps[saved.currentStepId] && steps[saved.currentStepId]!.status !== "locked" ? saved.currentStepId : firstUnpassed(lesson, steps);
  const progress: LessonProgress = { version: 1, lessonId: lesson.id, currentStepId: current, steps };
  return begin(progress, current, now, false);
}

export function currentStep(lesson: Lesson, progress: LessonProgress): Step | undefined {
  return lesson.steps.find((s) => s.id === progress.currentStepId);
}

export function stepStatus(progress: LessonProgress, stepId: string): StepStatus {
  return progress.steps[stepId]?.status ?? "locked";
}

/** The current step is done (or needs no check), so "next" may be clicked. */
export function canGoNext(lesson: Lesson, progress: LessonProgress): boolean {
  const step = currentStep(lesson, progress);
  if (!step || indexOf(lesson, step.id) >= lesson.steps.length - 1) return false;
  return stepStatus(progress, step.id) === "passed" || !step.check;
}

export function isComplete(lesson: Lesson, progress: LessonProgress): boolean {
  return lesson.steps.every((s) => stepStatus(progress, s.id) === "passed");
}

/** The step's check held (or, for a step without check, the learner read it). Unlocks the next step. */
export function markPassed(lesson: Lesson, progress: LessonProgress, stepId: string, now: number): LessonProgress {
  const i = indexOf(lesson, stepId);
  if (i < 0 || stepStatus(progress, stepId) === "passed") return progress;
  const steps = { ...progress.steps, [stepId]: { ...progress.steps[stepId]!, status: "passed" as const, passedAt: now } };
  const next = lesson.steps[i + 1];
  if (next && steps[next.id]!.status === "locked") steps[next.id] = { ...steps[next.id]!, status: "active" };
  return { ...progress, steps };
}

/** "Next": passes a step without check, then moves to the following step and starts it. */
export function nextStep(lesson: Lesson, progress: LessonProgress, now: number): LessonProgress {
  if (!canGoNext(lesson, progress)) {
    // The last step without check is passed by "next" too (it completes the lesson).
    const step = currentStep(lesson, progress);
    return step && !step.check ? markPassed(lesson, progress, step.id, now) : progress;
  }
  const step = currentStep(lesson, progress)!;
  const passed = step.check ? progress : markPassed(lesson, progress, step.id, now);
  const following = lesson.steps[indexOf(lesson, step.id) + 1]!;
  return begin({ ...passed, currentStepId: following.id }, following.id, now, false);
}

/** Show another step the learner has reached (passed or active); a locked step cannot be shown. */
export function goToStep(lesson: Lesson, progress: LessonProgress, stepId: string, now: number): LessonProgress {
  if (indexOf(lesson, stepId) < 0 || stepStatus(progress, stepId) === "locked" || stepId === progress.currentStepId) return progress;
  return begin({ ...progress, currentStepId: stepId }, stepId, now, false);
}

/**
 * Enter a step: unlocked (if it was locked), made current and started now. Used once the machine is where the step
 * begins: its rewind point restored, or its `setup` run. Earlier steps keep their status.
 */
export function enterStep(lesson: Lesson, progress: LessonProgress, stepId: string, now: number): LessonProgress {
  if (indexOf(lesson, stepId) < 0) return progress;
  const old = progress.steps[stepId]!;
  const steps = { ...progress.steps, [stepId]: { ...old, status: old.status === "locked" ? ("active" as const) : old.status } };
  return begin({ ...progress, currentStepId: stepId, steps }, stepId, now, true);
}

/** Start the current step over: checks only look at what happens from now on. */
export function restartStep(lesson: Lesson, progress: LessonProgress, now: number): LessonProgress {
  return currentStep(lesson, progress) ? begin(progress, progress.currentStepId, now, true) : progress;
}

/** Reveal one more hint of the current step (up to as many as it has). */
export function revealHint(lesson: Lesson, progress: LessonProgress): LessonProgress {
  const step = currentStep(lesson, progress);
  if (!step) return progress;
  const sp = progress.steps[step.id]!;
  const total = Math.max(step.hints.zh.length, step.hints.en.length);
  if (sp.hintsShown >= total) return progress;
  return { ...progress, steps: { ...progress.steps, [step.id]: { ...sp, hintsShown: sp.hintsShown + 1 } } };
}

/** The learner ran one of the current step's commands with its "Run" button (the completion report counts them). */
export function noteRun(lesson: Lesson, progress: LessonProgress): LessonProgress {
  const step = currentStep(lesson, progress);
  if (!step) return progress;
  const sp = progress.steps[step.id]!;
  return { ...progress, steps: { ...progress.steps, [step.id]: { ...sp, runsUsed: (sp.runsUsed ?? 0) + 1 } } };
}

/** Set startedAt when the step begins (or always, when `restart`). Passed steps are left alone. */
function begin(progress: LessonProgress, stepId: string, now: number, restart: boolean): LessonProgress {
  const sp = progress.steps[stepId];
  if (!sp || sp.status === "passed" || (sp.startedAt !== undefined && !restart)) return progress;
  return { ...progress, steps: { ...progress.steps, [stepId]: { ...sp, startedAt: now } } };
}

function indexOf(lesson: Lesson, stepId: string): number {
  return lesson.steps.findIndex((s) => s.id === stepId);
}

function firstUnpassed(lesson: Lesson, steps: Record<string, StepProgress>): string {
  return (lesson.steps.find((s) => steps[s.id]!.status !== "passed") ?? lesson.steps[lesson.steps.length - 1])?.id ?? "";
}

function isSaved(v: unknown): v is LessonProgress {
  if (typeof v !== "object" || v === null) return false;
  const p = v as Partial<LessonProgress>;
  return p.version === 1 && typeof p.lessonId === "string" && typeof p.currentStepId === "string" && typeof p.steps === "object" && p.steps !== null;
}

function isStepProgress(v: unknown): v is StepProgress {
  if (typeof v !== "object" || v === null) return false;
  const s = v as Partial<StepProgress>;
  return (
    (s.status === "locked" || s.status === "active" || s.status === "passed") &&
    typeof s.hintsShown === "number" &&
    (s.startedAt === undefined || typeof s.startedAt === "number") &&
    (s.passedAt === undefined || typeof s.passedAt === "number") &&
    (s.runsUsed === undefined || typeof s.runsUsed === "number")
  );
}
