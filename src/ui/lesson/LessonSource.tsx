import { useState } from "react";
import { useStore } from "zustand";
import { formatProblem } from "../../lesson/lesson-problem";
import { usePrefs, useT } from "../hooks";
import { lessonLoader } from "./lesson-loader";
import { canOpenLocalFolder, openLocalFolder } from "./local-folder";

/** "Open a lesson…": a lesson folder from a URL, or (Chromium) a local folder for live authoring. */
export function OpenLessonForm() {
  const t = useT();
  const busy = useStore(lessonLoader, (s) => s.busy);
  const [open, setOpen] = useState(false);
  const [url, setUrl] = useState("");
  if (!open) {
    return (
      <button
        type="button"
        className="small link-button open-lesson-toggle"
        data-testid="open-lesson"
        title={t("openLessonTitle")}
        onClick={() => setOpen(true)}
      >
        {t("openLesson")}
      </button>
    );
  }
  return (
    <div className="open-lesson">
      <form
        className="open-lesson-url"
        onSubmit={(e) => {
          e.preventDefault();
          if (url.trim())
            void lessonLoader
              .getState()
              .openUrl(url.trim())
              .then((ok) => ok && setOpen(false));
        }}
      >
        <input
          type="url"
          required
          value={url}
          placeholder={t("openLessonUrl")}
          aria-label={t("openLessonUrl")}
          data-testid="lesson-url"
          onChange={(e) => setUrl(e.target.value)}
        />
        <button type="submit" className="small" disabled={busy !== null}>
          {t("openLessonGo")}
        </button>
        <button type="button" className="small link-button" aria-label={t("close")} onClick={() => setOpen(false)}>
          ✕
        </button>
      </form>
      {canOpenLocalFolder() && (
        <button
          type="button"
          className="small"
          title={t("openLocalTitle")}
          data-testid="open-local-folder"
          onClick={() => void openLocalFolder().then(() => setOpen(false))}
        >
          {t("openLocalFolder")}
        </button>
      )}
    </div>
  );
}

/** Loading, a failure (naming the URL and the likely cause), or the validator's problems (file:line, what to fix). */
export function LessonSourceStatus() {
  const t = useT();
  const lang = usePrefs((s) => s.lang);
  const busy = useStore(lessonLoader, (s) => s.busy);
  const failure = useStore(lessonLoader, (s) => s.failure);
  const problems = useStore(lessonLoader, (s) => s.problems);
  const copyOf = useStore(lessonLoader, (s) => s.offlineCopyOf);
  if (!busy && !failure && !problems && !copyOf) return null;
  const errors = problems?.list.some((p) => p.severity === "error") ?? false;
  return (
    <div className="lesson-source-status" data-testid="lesson-source-status">
      {busy && <p className="muted">{t("lessonLoading", { source: busy })}</p>}
      {copyOf && (
        <p className="muted" data-testid="lesson-offline-copy">
          {t("lessonOfflineCopy", { time: new Date(copyOf).toLocaleString(lang === "zh" ? "zh-CN" : "en-GB") })}
        </p>
      )}
      {failure && (
        <p className="error-text" role="alert" data-testid="lesson-load-error">
          {failure[lang]}
        </p>
      )}
      {problems && (
        <details className={errors ? "lesson-errors" : "lesson-warnings"} open={errors} data-testid="lesson-problems">
          <summary>{t(errors ? "lessonProblems" : "lessonWarnings", { source: problems.source })}</summary>
          <ul>
            {problems.list.map((p, i) => (
              <li key={i}>{formatProblem(p)}</li>
            ))}
          </ul>
        </details>
      )}
      {(failure || problems || copyOf) && !busy && (
        <button type="button" className="small link-button" onClick={() => lessonLoader.getState().dismiss()}>
          {t("dismiss")}
        </button>
      )}
    </div>
  );
}
