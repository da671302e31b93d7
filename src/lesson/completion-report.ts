import type { Bilingual } from "./bilingual";
import type { Lesson } from "./lesson-types";
import { isComplete, type LessonProgress, type StepStatus } from "./progress";

/**
 * A learner's completion report of one lesson, made in the browser from the saved progress (nothing is sent
 * anywhere): downloaded as JSON, or shown as a printable page (src/ui/lesson/ReportDialog.tsx).
 */
export interface CompletionReport {
  format: "docker-sandbox-report/1";
  lesson: {
    /** The folder name of a bundled lesson, or the URL of a lesson loaded from one. */
    id: string;
    /** Where the lesson was loaded from (lessons from a URL only). */
    url?: string;
    title: Bilingual;
  };
  /** When the report was made (ISO 8601). */
  generatedAt: string;
  complete: boolean;
  passedSteps: number;
  totalSteps: number;
  /** From the earliest step start to the last pass (or to generatedAt while the lesson is not complete), in seconds. */
  totalSeconds: number | null;
  steps: ReportStep[];
}

export interface ReportStep {
  id: string;
  title: Bilingual;
  status: StepStatus;
  /** ISO 8601, when the step's check held (or, for a step without check, when the learner read on). */
  passedAt: string | null;
  hintsOpened: number;
  hintsAvailable: number;
  /** How many of the step's commands the learner ran with a "Run" button. */
  runUsed: number;
}

const iso = (seconds: number | undefined): string | null => (seconds === undefined ? null : new Date(seconds * 1000).toISOString());

export function completionReport(lesson: Lesson, progress: LessonProgress, nowSeconds: number, url?: string): CompletionReport {
  const steps = lesson.steps.map((step): ReportStep => {
    const sp = progress.steps[step.id];
    return {
      id: step.id,
      title: step.title,
      status: sp?.status ?? "locked",
      passedAt: iso(sp?.passedAt),
      hintsOpened: sp?.hintsShown ?? 0,
      hintsAvailable: Math.max(step.hints.zh.length, step.hints.en.length),
      runUsed: sp?.runsUsed ?? 0,
    };
  });
  const complete = isComplete(lesson, progress);
  const started = lesson.steps.map((s) => progress.steps[s.id]?.startedAt).filter((t): t is number => t !== undefined);
  const passed = lesson.steps.map((s) => progress.steps[s.id]?.passedAt).filter((t): t is number => t !== undefined);
  const first = started.length ? Math.min(...started, ...passed) : undefined;
  const last = complete ? Math.max(...passed) : nowSeconds;
  const report: CompletionReport = {
    format: "docker-sandbox-report/1",
    lesson: { id: lesson.id, title: lesson.title },
    generatedAt: new Date(nowSeconds * 1000).toISOString(),
    complete,
    passedSteps: steps.filter((s) => s.status === "passed").length,
    totalSteps: steps.length,
    totalSeconds: first === undefined ? null : Math.max(0, Math.round(last - first)),
    steps,
  };
  if (url) report.lesson.url = url;
  return report;
}

/** A file name for the report: `report-<lesson>-<date>.json`, safe on every system. */
export function reportFileName(report: CompletionReport): string {
  const name = (report.lesson.url ?? report.lesson.id)
    .replace(/^https?:\/\//, "")
    .replace(/[^A-Za-z0-9._-]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);
  return `report-${name || "lesson"}-${report.generatedAt.slice(0, 10)}.json`;
}

/** 3725 → "1:02:05", 65 → "1:05". */
export function formatDuration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const two = (n: number) => String(n).padStart(2, "0");
  return h ? `${h}:${two(m)}:${two(s)}` : `${m}:${two(s)}`;
}
