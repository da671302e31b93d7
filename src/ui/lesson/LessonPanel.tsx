import { useEffect, useMemo, useRef, useState } from "react";
import { canGoNext, currentStep, isComplete } from "../../lesson/progress";
import { useStore } from "zustand";
import { lessonStore, rewindStore } from "../../store/app";
import { useLesson, usePrefs, useT } from "../hooks";
import { pageParams, withLessonParam } from "../page-params";
import { CheckBox } from "./CheckBox";
import { openPageLesson } from "./lesson-loader";
import { lessonOrigin } from "./lesson-origin";
import { LessonMarkdown } from "./LessonMarkdown";
import { LessonSourceStatus, OpenLessonForm } from "./LessonSource";
import { ReportDialog } from "./ReportDialog";
import { StepList } from "./StepList";

function LessonPicker() {
  const t = useT();
  const lang = usePrefs((s) => s.lang);
  const lessons = useLesson((s) => s.lessons);
  const lessonId = useLesson((s) => s.lessonId);
  if (lessons.length < 2) return null;
  return (
    <select
      className="lesson-picker"
      aria-label={t("chooseLesson")}
      value={lessonId ?? ""}
      onChange={(e) => {
        lessonStore.getState().selectLesson(e.target.value);
        // the address names the lesson from a URL, so that a reload opens the one chosen here
        history.replaceState(history.state, "", withLessonParam(location.href, lessons.find((l) => l.id === e.target.value)?.url ?? null));
      }}
    >
      {lessons.map((l) => (
        <option key={l.id} value={l.id}>
          {l.title[lang]}
        </option>
      ))}
    </select>
  );
}

/** The lesson: steps, the current step's text, its check, hints and navigation. */
export function LessonPanel() {
  const t = useT();
  const lang = usePrefs((s) => s.lang);
  const lesson = useLesson((s) => s.lesson);
  const progress = useLesson((s) => s.progress);
  const entry = useLesson((s) => s.lessons.find((l) => l.id === s.lessonId));
  const errors = entry?.errors ?? [];
  const origin = useMemo(() => lessonOrigin(entry ?? { id: "" }), [entry]);
  const [showReport, setShowReport] = useState(false);
  const setupError = useLesson((s) => s.setupError);
  const rewindError = useStore(rewindStore, (s) => s.error);
  const points = useStore(rewindStore, (s) => s.points);
  const tooLargeBytes = useStore(rewindStore, (s) => s.tooLargeBytes);
  const [showSteps, setShowSteps] = useState(false);
  const body = useRef<HTMLDivElement>(null);
  const stepId = progress?.currentStepId;
  useEffect(() => {
    body.current?.scrollTo({ top: 0 });
  }, [stepId]);
  useEffect(() => openPageLesson(pageParams().lesson), []);

  if (!lesson || !progress)
    return (
      <aside className="lesson-panel">
        <div className="lesson-head">
          <OpenLessonForm />
        </div>
        <LessonSourceStatus />
      </aside>
    );
  const step = currentStep(lesson, progress);
  const index = step ? lesson.steps.indexOf(step) : 0;
  const done = isComplete(lesson, progress);

  return (
    <aside className="lesson-panel" aria-label={t("lesson")} data-testid="lesson-panel">
      <div className="lesson-head">
        <div className="lesson-tools">
          <LessonPicker />
          <OpenLessonForm />
        </div>
        <h1 className="lesson-title">{lesson.title[lang]}</h1>
        {entry?.url && (
          <p className="lesson-from muted" data-testid="lesson-from">
            {t("lessonFrom", { source: entry.url })} · {t("openLessonNote")}
          </p>
        )}
        {entry?.local && <p className="lesson-from muted">{t("lessonLocal", { name: entry.id.replace(/^local:/, "") })}</p>}
        <div className="lesson-counter-row">
          <button type="button" className="step-counter" onClick={() => setShowSteps((v) => !v)} aria-expanded={showSteps}>
            {t("stepOf", { n: index + 1, total: lesson.steps.length })} {showSteps ? "▴" : "▾"}
          </button>
          <button type="button" className="small link-button" data-testid="report" title={t("reportOpenTitle")} onClick={() => setShowReport(true)}>
            {t("report")}
          </button>
        </div>
        <div className="progress thin" aria-hidden>
          <div
            className="progress-fill"
            style={{ width: `${(Object.values(progress.steps).filter((s) => s.status === "passed").length / lesson.steps.length) * 100}%` }}
          />
        </div>
      </div>
      <LessonSourceStatus />
      {showReport && <ReportDialog onClose={() => setShowReport(false)} />}
      {errors.length > 0 && (
        <details className="lesson-errors">
          <summary>{t("lessonErrors")}</summary>
          <ul>
            {errors.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        </details>
      )}
      {setupError && <p className="error-text">{setupError}</p>}
      {rewindError && (
        <p className="error-text" role="alert">
          {t("rewindFailed")}: {rewindError}{" "}
          <button type="button" className="link-button" onClick={() => rewindStore.getState().dismissError()}>
            ✕
          </button>
        </p>
      )}
      <div className="lesson-body" ref={body}>
        {showSteps && <StepList lesson={lesson} />}
        {showSteps && (
          <p className="rewind-budget" data-testid="rewind-points">
            {t("rewindPoints")}: {points.length} · {(points.reduce((n, p) => n + p.bytes, 0) / 1e6).toFixed(0)} /{" "}
            {(rewindStore.getState().budgetBytes / 1e6).toFixed(0)} MB
            {tooLargeBytes !== null && <span className="rewind-paused"> · {t("rewindPaused", { mb: Math.round(tooLargeBytes / 1e6) })}</span>}
          </p>
        )}
        {index === 0 && <LessonMarkdown text={lesson.intro[lang]} origin={origin} />}
        {step && (
          <article className="step" data-step={step.id}>
            {step.section && <div className="step-section">{step.section}</div>}
            <h2 className="step-title">{step.title[lang]}</h2>
            <LessonMarkdown text={step.body[lang]} origin={origin} />
          </article>
        )}
        {done && <p className="check-ok lesson-done">✔ {t("lessonComplete")}</p>}
      </div>
      {step && (
        <div className="lesson-foot">
          <CheckBox step={step} origin={origin} />
          <div className="nav-row">
            <button type="button" disabled={index === 0} onClick={() => lessonStore.getState().goTo(lesson.steps[index - 1]!.id)}>
              ← {t("prev")}
            </button>
            <button type="button" className="small link-button" onClick={() => lessonStore.getState().restartStep()}>
              {t("restartStep")}
            </button>
            <button
              type="button"
              className="primary"
              data-testid="next-step"
              disabled={!canGoNext(lesson, progress) && !(step && !step.check)}
              onClick={() => lessonStore.getState().next()}
            >
              {t("next")} →
            </button>
          </div>
        </div>
      )}
    </aside>
  );
}
